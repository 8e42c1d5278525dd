import { z } from "zod";
import { VolumeCreateSpec } from "@dockmaster/protocol";
import { gateVolumeCreate } from "../capability-gate";
import { hostProcedure } from "../procedures";
import { t } from "../trpc";

const VolumeRef = { name: z.string().min(1).max(256) };

export const volumesRouter = t.router({
  list: hostProcedure("volume.view").query(({ ctx, input }) => ctx.hub.request(input.hostId, "volume.list", {})),
  inspect: hostProcedure("volume.view", VolumeRef).query(({ ctx, input }) => ctx.hub.request(input.hostId, "volume.inspect", { name: input.name })),
  create: hostProcedure("volume.manage", { spec: VolumeCreateSpec })
    .mutation(({ ctx, input }) => {
      ctx.auditNote.target = { type: "volumes", name: input.spec.name ?? "(anonymous)" };
      gateVolumeCreate(ctx, input.hostId, input.spec);
      return ctx.hub.request(input.hostId, "volume.create", { spec: input.spec });
    }),
  /** A volume in use is refused by the engine, and its words reach the user. */
  remove: hostProcedure("volume.manage", { ...VolumeRef, force: z.boolean().default(false) }).mutation(({ ctx, input }) => {
      ctx.auditNote.target = { type: "volumes", id: input.name, name: input.name };
      return ctx.hub.request(input.hostId, "volume.remove", { name: input.name, force: input.force });
    }),
  prunePreview: hostProcedure("volume.view").query(({ ctx, input }) => ctx.hub.request(input.hostId, "volume.prunePreview", {})),
  /** Removes exactly the volumes the user confirmed from the preview. */
  prune: hostProcedure("volume.manage", { names: z.array(z.string().min(1).max(256)).max(10_000) }).mutation(({ ctx, input }) => {
      ctx.auditNote.target = { type: "volumes", name: `prune (${input.names.length})` };
      return ctx.hub.request(input.hostId, "volume.prune", { names: input.names });
    }),
});
