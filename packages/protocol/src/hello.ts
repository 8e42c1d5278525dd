import { z } from "zod";

export const EngineIdentity = z.object({
  id: z.string(), // dockerd's engine ID (`docker info` ID)
  name: z.string(), // the engine's hostname
  version: z.string(),
  apiVersion: z.string(),
  os: z.string(),
  arch: z.string(),
  kernelVersion: z.string(),
});
export type EngineIdentity = z.infer<typeof EngineIdentity>;

/** Credentials an agent presents: a one-time enrollment token, or the per-host secret it got for it. */
export const AgentCredential = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("enroll"), token: z.string().min(1).max(200) }),
  z.object({ kind: z.literal("secret"), hostId: z.string().min(1).max(100), secret: z.string().min(1).max(200) }),
]);
export type AgentCredential = z.infer<typeof AgentCredential>;

/** Sent as the socket.io handshake `auth` payload of the /agent namespace. */
export const AgentHello = z.object({
  protocolVersion: z.number().int(),
  agentVersion: z.string().min(1).max(50),
  /** Name proposed for a newly enrolled host (defaults to the engine name). */
  hostName: z.string().min(1).max(100).optional(),
  engine: EngineIdentity.nullable(), // null when the agent cannot reach its engine
  credential: AgentCredential,
});
export type AgentHello = z.infer<typeof AgentHello>;

/** Pushed by the server right after a successful enrollment; the agent stores the secret (0600). */
export const EnrollmentGrant = z.object({ hostId: z.string(), secret: z.string() });
export type EnrollmentGrant = z.infer<typeof EnrollmentGrant>;

export const AgentWelcome = z.object({
  hostId: z.string(),
  hostName: z.string(),
  /** The last engine event the server stored for this host: the agent numbers on after it… */
  lastEventSeq: z.number().int().nonnegative(),
  /** …and a restarted agent resumes the engine's /events from its time (null: none stored yet). */
  lastEventTimeNano: z.string().regex(/^\d+$/).nullable().default(null),
});
export type AgentWelcome = z.infer<typeof AgentWelcome>;

/**
 * Sent to an agent's socket just before the server closes it because another connection with the
 * same host credentials took its place (a restarted agent, or a second agent given a copy of the
 * credentials). The agent then waits long before retrying, so two copies do not take turns.
 */
export const AgentReplaced = z.object({ reason: z.string().max(1_024) });
export type AgentReplaced = z.infer<typeof AgentReplaced>;
