import { z } from "zod";
import { can, createDirectEngine, createEnrollmentToken, DirectEngineAddress, DirectEngineInput, getHost, HostLabels, HostName, listHostHistory, listHosts, removeHost, renameHost, revokeHost, setDirectEngineAddress, setHostGroup, setHostLabels } from "@dockmaster/core";
import { PROTOCOL_VERSION, RELEASE_VERSION } from "@dockmaster/protocol";
import { runAfterCommit } from "../context";
import { anywhereProcedure, globalProcedure, hostProcedure } from "../procedures";
import { t } from "../trpc";

const GroupId = z.string().min(1).max(100);
/** The inventory's own edits of a host: database work, no engine Operation. */
const inventory = { engine: false };

export const hostsRouter = t.router({
  // Everyone signed in may ask; each sees only the hosts they hold host.view on. Revoked hosts
  // only when asked for (the Hosts page lists them, greyed, until they are removed).
  list: anywhereProcedure("host.view", z.strictObject({ includeRevoked: z.boolean().default(false) }).optional()).query(async ({ ctx, input }) =>
    (await listHosts(ctx.db, { includeRevoked: input?.includeRevoked })).filter((h) => can(ctx.actor, "host.view", h.id)),
  ),
  get: hostProcedure("host.view", {}, inventory).query(({ ctx, input }) => getHost(ctx.db, input.hostId)),
  /** The host's own history (enrolled, online, offline, degraded …), newest first. */
  history: hostProcedure("host.view", { limit: z.number().int().min(1).max(500).default(100), before: z.number().int().positive().optional() }, inventory).query(({ ctx, input }) => listHostHistory(ctx.db, input.hostId, input)),
  /** A one-time, expiring enrollment token for a new agent (with preset labels and group); shown once, stored hashed. */
  createEnrollmentToken: globalProcedure("host.manage", { hostName: HostName.optional(), ttlMinutes: z.number().int().min(5).max(7 * 24 * 60).default(60), labels: HostLabels.default({}), groupId: GroupId.nullable().default(null) }).mutation(async ({ ctx, input }) => {
      const created = await createEnrollmentToken(ctx.db, { hostName: input.hostName ?? null, createdById: ctx.actor.id, ttlMs: input.ttlMinutes * 60_000, labels: input.labels, groupId: input.groupId });
      ctx.auditNote.target = { type: "enrollment-token", id: created.id, name: input.hostName ?? null };
      return created;
    }),
  /**
   * A one-time token that gives this host's agent new credentials (a user who lost them): run with
   * the install line on the same engine (its engine ID must match), the host keeps its id, history
   * and events; the old secret stops working. Instead of enrolling the engine as a second host.
   */
  replaceCredentials: hostProcedure("host.manage", { ttlMinutes: z.number().int().min(5).max(7 * 24 * 60).default(60) }, inventory).mutation(async ({ ctx, input }) => {
    const created = await createEnrollmentToken(ctx.db, { createdById: ctx.actor.id, ttlMs: input.ttlMinutes * 60_000, replacesHostId: input.hostId });
    ctx.auditNote.target = { type: "host", id: input.hostId };
    return created;
  }),
  /** The agent build this control plane serves (hosts' versions are compared with it) and its compatibility window. */
  agentRelease: anywhereProcedure("host.view").query(({ ctx }) => {
    const manifest = ctx.agentRelease?.manifest() ?? null;
    return {
      controlPlaneVersion: RELEASE_VERSION,
      protocolVersion: PROTOCOL_VERSION,
      agentVersion: manifest?.version ?? null,
      artifacts: manifest?.artifacts.map((a) => ({ name: a.name, kind: a.kind, platform: a.platform, arch: a.arch, size: a.size, sha256: a.sha256 })) ?? [],
      compatibility: "agents of the same major version, at most one minor version behind the control plane",
    };
  }),
  /**
   * Adds an engine the control plane reaches itself (unix socket, or tcp with TLS): the same agent
   * code runs in-process for it. Its TLS material is sealed at rest and never sent back.
   */
  addDirectEngine: globalProcedure("host.manage", DirectEngineInput.strict()).mutation(async ({ ctx, input }) => {
      const created = await createDirectEngine(ctx.db, ctx.secrets, input, ctx.actor.id);
      ctx.auditNote.target = { type: "host", id: created.hostId, name: created.name };
      // Started at once, but only once the row is committed (the lease round reads it).
      runAfterCommit(ctx, () => void ctx.directEngines?.refresh());
      return created;
    }),
  /**
   * Points a direct engine at another address (socket path, or tcp with its TLS material, sealed
   * as at creation): its in-process agent reconnects there, on whichever instance holds it.
   */
  setDirectEngineAddress: hostProcedure("host.manage", DirectEngineAddress, inventory).mutation(async ({ ctx, input }) => {
      const moved = await setDirectEngineAddress(ctx.db, ctx.secrets, input.hostId, { url: input.url, tls: input.tls });
      ctx.auditNote.target = { type: "host", id: moved.hostId, name: moved.name };
      runAfterCommit(ctx, () => void ctx.directEngines?.refresh());
      ctx.notify.hostChanged(input.hostId, "engine");
      return { ok: true as const, previousUrl: moved.previousUrl };
    }),
  rename: hostProcedure("host.manage", { name: HostName }, inventory).mutation(async ({ ctx, input }) => {
      const renamed = await renameHost(ctx.db, input.hostId, input.name);
      ctx.auditNote.target = { type: "host", id: renamed.id, name: renamed.name };
      ctx.notify.hostChanged(input.hostId, "renamed");
      return renamed;
    }),
  /** Replaces the host's labels. */
  setLabels: hostProcedure("host.manage", { labels: HostLabels }, inventory).mutation(async ({ ctx, input }) => {
      const host = await setHostLabels(ctx.db, input.hostId, input.labels);
      ctx.auditNote.target = { type: "host", id: host.id, name: host.name };
      ctx.notify.hostChanged(input.hostId, "labels");
      return { ok: true as const };
    }),
  /** Puts a host in a host group (or none): grants on the group then reach it. */
  setGroup: hostProcedure("host.manage", { groupId: GroupId.nullable() }, inventory).mutation(async ({ ctx, input }) => {
      const host = await setHostGroup(ctx.db, input.hostId, input.groupId);
      ctx.auditNote.target = { type: "host", id: host.id, name: host.name };
      ctx.notify.hostChanged(input.hostId, "group");
      ctx.notify.accessChanged(); // and those who gain or lose the host through the group hear "access"
      return { ok: true as const };
    }),
  /** Revoke: the agent's secret stops working and its connection is closed now. */
  revoke: hostProcedure("host.manage", {}, inventory).mutation(async ({ ctx, input }) => {
    const host = await revokeHost(ctx.db, input.hostId);
    ctx.auditNote.target = { type: "host", id: host.id, name: host.name };
    ctx.hub.disconnect(input.hostId);
    ctx.notify.hostChanged(input.hostId, "revoked");
    return { ok: true as const };
  }),
  /**
   * Remove: the host and its snapshot are gone, its agent is disconnected and refused from now on.
   * A revoked host too (it is what an admin removes most; removeHost refuses an unknown one).
   */
  remove: hostProcedure("host.manage", {}, { ...inventory, revoked: true }).mutation(async ({ ctx, input }) => {
    const host = await removeHost(ctx.db, input.hostId);
    ctx.auditNote.target = { type: "host", id: host.id, name: host.name };
    ctx.hub.disconnect(input.hostId);
    ctx.notify.hostChanged(input.hostId, "removed");
    ctx.notify.accessChanged();
    return { ok: true as const };
  }),
});
