import { z } from "zod";
import { listRegistryCredentials } from "@dockmaster/core";
import { ImageIdOrReference, PruneMode, RepoTag, splitRepoTag } from "@dockmaster/protocol";
import { hostProcedure } from "../procedures";
import { t } from "../trpc";

const ImageInput = { id: ImageIdOrReference };

/** Reading `docker save` of a large image takes a while: more than the default request timeout. */
const LAYERS_TIMEOUT_MS = 120_000;
/** The engine's /system/df walks every image and container. */
const PRUNE_PREVIEW_TIMEOUT_MS = 60_000;

export const imagesRouter = t.router({
  list: hostProcedure("image.view").query(({ ctx, input }) => ctx.hub.request(input.hostId, "image.list", {})),
  inspect: hostProcedure("image.view", ImageInput).query(({ ctx, input }) => ctx.hub.request(input.hostId, "image.inspect", { id: input.id })),
  /** Dockerfile steps next to their layers, empty steps and whiteouts marked. */
  layers: hostProcedure("image.view", ImageInput).query(({ ctx, input }) => ctx.hub.request(input.hostId, "image.layers", { id: input.id }, { timeoutMs: LAYERS_TIMEOUT_MS })),
  // Tagging needs image.build, not image.push: it names an image in the host's local store, as a
  // build does, and talks to no registry (pushing the new name is a separate, image.push step).
  tag: hostProcedure("image.build", { ...ImageInput, target: RepoTag }).mutation(({ ctx, input }) => {
      const { repo, tag } = splitRepoTag(input.target);
      ctx.auditNote.target = { type: "image", id: input.id, name: `${repo}:${tag}` };
      return ctx.hub.request(input.hostId, "image.tag", { id: input.id, repo, tag });
    }),
  /**
   * `docker rmi`: the engine's conflicts (used by a running container, several names) come back
   * verbatim. The audit record names the tags the engine removed, not only the id.
   */
  remove: hostProcedure("image.delete", { ...ImageInput, force: z.boolean().default(false) }).mutation(async ({ ctx, input }) => {
      ctx.auditNote.target = { type: "image", id: input.id };
      const result = await ctx.hub.request(input.hostId, "image.remove", { id: input.id, force: input.force });
      if (result.untagged.length) ctx.auditNote.target = { type: "image", id: input.id, name: result.untagged.join(", ") };
      return result;
    }),
  /** Removes one name (`reference`) of image `id`; the image goes only with its last name. */
  untag: hostProcedure("image.delete", { ...ImageInput, reference: RepoTag }).mutation(({ ctx, input }) => {
      ctx.auditNote.target = { type: "image", id: input.id, name: input.reference };
      return ctx.hub.request(input.hostId, "image.untag", { id: input.id, reference: input.reference });
    }),
  /**
   * Where the user may push: the stored registries' names and hosts (never their credentials), so
   * a deployer without registry.manage can pick one. Pushing sends the stored login of that host.
   */
  pushTargets: hostProcedure("image.push").query(async ({ ctx }) => (await listRegistryCredentials(ctx.db)).map((r) => ({ name: r.name, host: r.host }))),
  /** What a prune would remove and free; part of the delete flow, so it needs image.delete too. */
  prunePreview: hostProcedure("image.delete", { mode: PruneMode }).query(({ ctx, input }) => ctx.hub.request(input.hostId, "image.prunePreview", { mode: input.mode }, { timeoutMs: PRUNE_PREVIEW_TIMEOUT_MS })),
  /** Confirms a preview: only images created before the preview's `at` can go. */
  prune: hostProcedure("image.delete", { mode: PruneMode, at: z.number().int().min(0) }).mutation(({ ctx, input }) => {
      ctx.auditNote.target = { type: "image", name: `prune ${input.mode}` };
      return ctx.hub.request(input.hostId, "image.prune", { mode: input.mode, until: input.at }, { timeoutMs: PRUNE_PREVIEW_TIMEOUT_MS });
    }),
});
