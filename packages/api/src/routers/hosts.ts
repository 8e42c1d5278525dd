import { z } from "zod";
import { can, createEnrollmentToken, getHost, listHosts, revokeHost, setHostGroup } from "@dockmaster/core";
import { hostProcedure, withPermission } from "../procedures";
import { t } from "../trpc";

export const hostsRouter = t.router({
  // Everyone signed in may ask; each sees only the hosts they hold host.view on.
  list: withPermission("host.view", { anywhere: true }).query(async ({ ctx }) => (await listHosts(ctx.db)).filter((h) => can(ctx.actor, "host.view", h.id))),
  get: hostProcedure("host.view").query(({ ctx, input }) => getHost(ctx.db, input.hostId)),
  /** A one-time, expiring enrollment token for a new agent; shown once, stored hashed. */
  createEnrollmentToken: withPermission("host.manage")
    .input(z.object({ hostName: z.string().trim().min(1).max(100).regex(/^[\w.-]+$/, "host names may contain letters, digits and _ . -").optional(), ttlMinutes: z.number().int().min(5).max(7 * 24 * 60).default(60) }))
    .mutation(async ({ ctx, input }) => {
      const created = await createEnrollmentToken(ctx.db, { hostName: input.hostName ?? null, createdById: ctx.actor.id, ttlMs: input.ttlMinutes * 60_000 });
      ctx.auditNote.target = { type: "enrollment-token", id: created.id, name: input.hostName ?? null };
      return created;
    }),
  /** Revoke: the agent's secret stops working and its connection is closed now. */
  revoke: hostProcedure("host.manage").mutation(async ({ ctx, input }) => {
    const host = await revokeHost(ctx.db, input.hostId);
    ctx.auditNote.target = { type: "host", id: host.id, name: host.name };
    ctx.hub.disconnect(input.hostId);
    return { ok: true as const };
  }),
  /** Puts a host in a host group (or none): grants on the group then reach it. */
  setGroup: hostProcedure("host.manage")
    .input(z.object({ groupId: z.string().min(1).max(100).nullable() }))
    .mutation(async ({ ctx, input }) => {
      const host = await getHost(ctx.db, input.hostId);
      await setHostGroup(ctx.db, input.hostId, input.groupId);
      ctx.auditNote.target = { type: "host", id: input.hostId, name: host.name };
      ctx.notify.accessChanged();
      return { ok: true as const };
    }),
});
