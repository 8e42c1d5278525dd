import { hostProcedure } from "../procedures";
import { t } from "../trpc";

export const engineRouter = t.router({
  info: hostProcedure("host.view").query(({ ctx, input }) => ctx.hub.request(input.hostId, "engine.info", {})),
});
