import { z } from "zod";
import { can, createDirectEngine, createEnrollmentToken, DirectEngineAddress, DirectEngineInput, getHost, HostLabels, HostName, listHostHistory, listHosts, removeHost, renameHost, revokeHost, setDirectEngineAddress, setHostGroup, setHostLabels } from "@dockmaster/core";
import { runAfterCommit } from "../context";
import { HostInput, hostProcedure, withPermission } from "../procedures";
import { t } from "../trpc";

const GroupId = z.string().min(1).max(100);

export const hostsRouter = t.router({
  // Everyone signed in may ask; each sees only the hosts they hold host.view on. Revoked hosts
  // only when asked for (the Hosts page lists them, greyed, until they are removed).
  list: withPermission("host.view", { anywhere: true })
    .input(z.object({ includeRevoked: z.boolean().default(false) }).strict().optional())
    .query(async ({ ctx, input }) => (await listHosts(ctx.db, { includeRevoked: input?.includeRevoked })).filter((h) => can(ctx.actor, "host.view", h.id))),
  get: hostProcedure("host.view").query(({ ctx, input }) => getHost(ctx.db, input.hostId)),
  /** The host's own history (enrolled, online, offline, degraded …), newest first. */
  history: hostProcedure("host.view")
    .input(z.object({ limit: z.number().int().min(1).max(500).default(100), before: z.number().int().positive().optional() }))
    .query(({ ctx, input }) => listHostHistory(ctx.db, input.hostId, input)),
  /** A one-time, expiring enrollment token for a new agent (with preset labels and group); shown once, stored hashed. */
  createEnrollmentToken: withPermission("host.manage")
    .input(z.object({ hostName: HostName.optional(), ttlMinutes: z.number().int().min(5).max(7 * 24 * 60).default(60), labels: HostLabels.default({}), groupId: GroupId.nullable().default(null) }))
    .mutation(async ({ ctx, input }) => {
      const created = await createEnrollmentToken(ctx.db, { hostName: input.hostName ?? null, createdById: ctx.actor.id, ttlMs: input.ttlMinutes * 60_000, labels: input.labels, groupId: input.groupId });
      ctx.auditNote.target = { type: "enrollment-token", id: created.id, name: input.hostName ?? null };
      return created;
    }),
  /**
   * Adds an engine the control plane reaches itself (unix socket, or tcp with TLS): the same agent
   * code runs in-process for it. Its TLS material is sealed at rest and never sent back.
   */
  addDirectEngine: withPermission("host.manage")
    .input(DirectEngineInput)
    .mutation(async ({ ctx, input }) => {
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
  setDirectEngineAddress: hostProcedure("host.manage")
    .input(DirectEngineAddress)
    .mutation(async ({ ctx, input }) => {
      const moved = await setDirectEngineAddress(ctx.db, ctx.secrets, input.hostId, { url: input.url, tls: input.tls });
      ctx.auditNote.target = { type: "host", id: moved.hostId, name: moved.name };
      runAfterCommit(ctx, () => void ctx.directEngines?.refresh());
      ctx.notify.hostChanged(input.hostId, "engine");
      return { ok: true as const, previousUrl: moved.previousUrl };
    }),
  rename: hostProcedure("host.manage")
    .input(z.object({ name: HostName }))
    .mutation(async ({ ctx, input }) => {
      const renamed = await renameHost(ctx.db, input.hostId, input.name);
      ctx.auditNote.target = { type: "host", id: renamed.id, name: renamed.name };
      ctx.notify.hostChanged(input.hostId, "renamed");
      return renamed;
    }),
  /** Replaces the host's labels. */
  setLabels: hostProcedure("host.manage")
    .input(z.object({ labels: HostLabels }))
    .mutation(async ({ ctx, input }) => {
      const host = await setHostLabels(ctx.db, input.hostId, input.labels);
      ctx.auditNote.target = { type: "host", id: host.id, name: host.name };
      ctx.notify.hostChanged(input.hostId, "labels");
      return { ok: true as const };
    }),
  /** Puts a host in a host group (or none): grants on the group then reach it. */
  setGroup: hostProcedure("host.manage")
    .input(z.object({ groupId: GroupId.nullable() }))
    .mutation(async ({ ctx, input }) => {
      const host = await setHostGroup(ctx.db, input.hostId, input.groupId);
      ctx.auditNote.target = { type: "host", id: host.id, name: host.name };
      ctx.notify.hostChanged(input.hostId, "group");
      ctx.notify.accessChanged(); // and those who gain or lose the host through the group hear "access"
      return { ok: true as const };
    }),
  /** Revoke: the agent's secret stops working and its connection is closed now. */
  revoke: hostProcedure("host.manage").mutation(async ({ ctx, input }) => {
    const host = await revokeHost(ctx.db, input.hostId);
    ctx.auditNote.target = { type: "host", id: host.id, name: host.name };
    ctx.hub.disconnect(input.hostId);
    ctx.notify.hostChanged(input.hostId, "revoked");
    return { ok: true as const };
  }),
  /**
   * Remove: the host and its snapshot are gone, its agent is disconnected and refused from now on.
   * Not a hostProcedure: that one refuses a revoked host (NOT_FOUND), and a revoked host is what
   * an admin removes most (removeHost itself refuses an unknown one).
   */
  remove: withPermission("host.manage").input(HostInput).mutation(async ({ ctx, input }) => {
    const host = await removeHost(ctx.db, input.hostId);
    ctx.auditNote.target = { type: "host", id: host.id, name: host.name };
    ctx.hub.disconnect(input.hostId);
    ctx.notify.hostChanged(input.hostId, "removed");
    ctx.notify.accessChanged();
    return { ok: true as const };
  }),
});
