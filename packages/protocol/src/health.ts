import { z } from "zod";

/**
 * What an agent reports about its engine, on connect and whenever it changes: the control plane
 * marks the host degraded (with the engine's error as the reason) while the engine is unreachable,
 * and online again when it recovers.
 */
export const AgentHealth = z.object({
  engineReachable: z.boolean(),
  /** Why the engine cannot be reached, as the engine client said it (only when unreachable). */
  reason: z.string().max(500).optional(),
});
export type AgentHealth = z.infer<typeof AgentHealth>;

/** A host as browsers see it: its agent connected and its engine answering, or not. */
export const HostStatus = z.enum(["online", "offline", "degraded"]);
export type HostStatus = z.infer<typeof HostStatus>;

/**
 * Why a host's inventory entry changed, pushed to the browsers allowed to see it (`host:changed`)
 * so every list showing hosts refetches: an edit (name, labels, group, engine address), the host
 * gone (revoked, removed), or the user's own access to it changed (a grant, team or group edit).
 */
export const HostChange = z.enum(["renamed", "labels", "group", "engine", "revoked", "removed", "access"]);
export type HostChange = z.infer<typeof HostChange>;
