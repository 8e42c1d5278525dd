import { listHosts } from "@dockmaster/core";
import { hostProcedure, withPermission } from "../procedures";
import { t } from "../trpc";

export const hostsRouter = t.router({
  list: withPermission("host.view").query(({ ctx }) => listHosts(ctx.db)),
  get: hostProcedure("host.view").query(({ ctx }) => ctx.host),
});
