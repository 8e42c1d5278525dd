import { hostProcedure } from "../procedures";
import { t } from "../trpc";

export const imagesRouter = t.router({
  list: hostProcedure("image.view").query(({ ctx, input }) => ctx.hub.request(input.hostId, "image.list", {})),
});
