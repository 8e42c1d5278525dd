import { z } from "zod";
import { TRPCError } from "@trpc/server";
import { can, type Actor, type Permission } from "@dockmaster/core";
import { hostProcedure } from "../procedures";
import { t } from "../trpc";

/** Prune-all deletes containers, images, networks and volumes: each of these permissions is needed. */
const PRUNE_ALL_PERMISSIONS: Permission[] = ["container.delete", "image.delete", "network.manage", "volume.manage"];

function requireAll(actor: Actor, permissions: Permission[], hostId: string) {
  const missing = permissions.filter((p) => !can(actor, p, hostId));
  if (missing.length > 0) throw new TRPCError({ code: "FORBIDDEN", message: `permission ${missing.join(", ")} is required on host ${hostId}` });
}

export const engineRouter = t.router({
  info: hostProcedure("host.view").query(({ ctx, input }) => ctx.hub.request(input.hostId, "engine.info", {})),
  /** `docker system df`: images, containers, volumes and build cache, with what could be reclaimed. */
  df: hostProcedure("host.view").query(({ ctx, input }) => ctx.hub.request(input.hostId, "system.df", {})),
  prunePreview: hostProcedure("host.view", { allImages: z.boolean().default(false), namedVolumes: z.boolean().default(false) }).query(({ ctx, input }) => ctx.hub.request(input.hostId, "system.prunePreview", { allImages: input.allImages, namedVolumes: input.namedVolumes })),
  /** Takes only what the preview at `at` showed: objects created later stay; volumes are the confirmed names. */
  pruneAll: hostProcedure("container.delete", { at: z.number().int().min(0), allImages: z.boolean().default(false), volumes: z.array(z.string().min(1).max(256)).max(10_000) }).mutation(({ ctx, input }) => {
      requireAll(ctx.actor, PRUNE_ALL_PERMISSIONS, input.hostId);
      ctx.auditNote.target = { type: "engine", name: "prune everything unused" };
      return ctx.hub.request(input.hostId, "system.prune", { at: input.at, allImages: input.allImages, volumes: input.volumes });
    }),
});
