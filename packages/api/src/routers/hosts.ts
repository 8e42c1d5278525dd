import { can, listHosts } from "@dockmaster/core";
import { hostProcedure, withPermission } from "../procedures";
import { t } from "../trpc";

export const hostsRouter = t.router({
  // Everyone signed in may ask; each sees only the hosts they hold host.view on.
  list: withPermission("host.view", { anywhere: true }).query(async ({ ctx }) => (await listHosts(ctx.db)).filter((h) => can(ctx.actor, "host.view", h.id))),
  get: hostProcedure("host.view").query(({ ctx }) => ctx.host),
});
