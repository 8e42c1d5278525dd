import { z } from "zod";
import { can, listHosts, setHostGroup } from "@dockmaster/core";
import { hostProcedure, withPermission } from "../procedures";
import { t } from "../trpc";

export const hostsRouter = t.router({
  // Everyone signed in may ask; each sees only the hosts they hold host.view on.
  list: withPermission("host.view", { anywhere: true }).query(async ({ ctx }) => (await listHosts(ctx.db)).filter((h) => can(ctx.actor, "host.view", h.id))),
  get: hostProcedure("host.view").query(({ ctx }) => ctx.host),
  /** Puts a host in a host group (or none): grants on the group then reach it. */
  setGroup: hostProcedure("host.manage")
    .input(z.object({ groupId: z.string().min(1).max(100).nullable() }))
    .mutation(async ({ ctx, input }) => {
      await setHostGroup(ctx.db, input.hostId, input.groupId);
      ctx.auditNote.target = { type: "host", id: input.hostId, name: ctx.host.name };
      ctx.notify.accessChanged();
      return { ok: true as const };
    }),
});
