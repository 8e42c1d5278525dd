import { AppError, localDigestsFor, parseTagRef, type TagRef } from "@dockmaster/core";
import { ContainerCreateSpec, specFromInspect, splitRepoTag } from "@dockmaster/protocol";
import { gateContainerCreate } from "../capability-gate";
import type { ApiContext } from "../context";
import { watchHealth } from "./health";

export interface UpdateResult {
  updated: boolean;
  /** The container that runs now (the new one when updated). */
  containerId: string;
  image: string;
  /** The registry digests of the image before and after, for the container's repository (usually one each). */
  oldDigests: string[];
  newDigests: string[];
  /** Something left behind that the operator should know about (e.g. the old container could not be removed). */
  warning?: string;
  /** The new container did not prove healthy in time and the previous one runs again: why, and what was put back. */
  rolledBack?: string;
}

export interface UpdateOptions {
  /** Watch the new container this long (healthy, or running unrestarted) before the old one is removed; absent: no watch. */
  healthTimeoutMs?: number;
  onProgress?: (line: string) => void;
}

type Ctx = Pick<ApiContext, "hub" | "actor" | "pull">;

export const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
export const str = (v: unknown) => (typeof v === "string" ? v : "");
export const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The image's id and its registry digests for `ref`'s repository. */
export async function digestsOf(ctx: Ctx, hostId: string, image: string, ref: TagRef): Promise<{ id: string; digests: string[] }> {
  const inspect = await ctx.hub.request(hostId, "image.inspect", { id: image });
  return { id: inspect.id, digests: localDigestsFor(inspect.repoDigests, ref) };
}

/**
 * *Update* for a standalone container: pull its tag, then recreate it with exactly the
 * configuration its inspect shows (the same spec "run again" builds, through the same capability
 * gate). The old container is stopped and renamed aside, the new one created (and started if the
 * old one ran), and only then is the old one removed. If creating or starting the new one fails,
 * the new one is removed and the old one gets its name back and is started again — the error
 * says so. With a health timeout, the old container stays aside (stopped) until the new one has
 * proved itself (watchHealth); if it does not, the previous container — the previous image with
 * the very same configuration — is put back and started, and the result says why (`rolledBack`).
 * Nothing is recreated when the pull brought no new image.
 */
export async function updateContainer(ctx: Ctx, hostId: string, containerId: string, options: UpdateOptions = {}): Promise<UpdateResult> {
  const progress = options.onProgress ?? (() => undefined);
  if (!ctx.pull) throw new AppError("PRECONDITION_FAILED", "this control plane cannot pull images (no pull stream wired)");
  const inspect = await ctx.hub.request(hostId, "container.inspect", { id: containerId });
  const parsedSpec = ContainerCreateSpec.safeParse(specFromInspect(inspect));
  if (!parsedSpec.success) throw new AppError("PRECONDITION_FAILED", `this container cannot be recreated from its inspect: ${parsedSpec.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const spec = parsedSpec.data;
  const parsedRef = parseTagRef(spec.image);
  if (!parsedRef.ok) throw new AppError("PRECONDITION_FAILED", `${spec.image} is not checkable: ${parsedRef.reason}`);
  const name = spec.name ?? str(inspect.Name).replace(/^\//, "");
  if (!name) throw new AppError("PRECONDITION_FAILED", "the container has no name to keep");
  // The mandatory gate, before anything changes: an update never grants what a create would not.
  await gateContainerCreate(ctx, hostId, spec);

  const oldImageId = str(inspect.Image);
  const old = await digestsOf(ctx, hostId, oldImageId, parsedRef.ref).catch(() => ({ id: oldImageId, digests: [] as string[] }));
  progress(`pulling ${spec.image}`);
  await ctx.pull(hostId, spec.image, progress);
  const fresh = await digestsOf(ctx, hostId, spec.image, parsedRef.ref);
  const result = { image: spec.image, oldDigests: old.digests, newDigests: fresh.digests };
  if (fresh.id === oldImageId) return { updated: false, containerId: str(inspect.Id) || containerId, ...result };

  const wasRunning = obj(inspect.State).Running === true;
  const asideName = `${name}-dm-old-${Date.now().toString(36)}`;
  if (wasRunning) await ctx.hub.request(hostId, "container.stop", { id: containerId, timeoutSeconds: 10 });
  await ctx.hub.request(hostId, "container.rename", { id: containerId, name: asideName });
  let created: string | null = null;
  try {
    const made = await ctx.hub.request(hostId, "container.create", { spec, start: false });
    created = made.id;
    if (wasRunning) await ctx.hub.request(hostId, "container.start", { id: made.id });
  } catch (error) {
    const putBack = await restoreOld(ctx, hostId, containerId, name, created, wasRunning);
    throw new AppError("BAD_GATEWAY", `the new container could not be ${created ? "started" : "created"} (${message(error)}); ${putBack}`);
  }
  if (wasRunning && options.healthTimeoutMs) {
    progress(`recreated: watching its health for up to ${Math.round(options.healthTimeoutMs / 1000)} s`);
    const verdict = await watchHealth(ctx.hub, hostId, created, options.healthTimeoutMs);
    if (!verdict.ok) {
      // The tag back on the previous image first: what runs and what the tag names agree again, and
      // the container's start (below) is reported under its tag, not the bare image id (the fleet
      // snapshot reads the container when it starts: a tag moved afterwards would not show there).
      const retagged = await ctx.hub.request(hostId, "image.tag", { id: oldImageId, ...splitRepoTag(spec.image) }).then(
        () => "",
        (error: unknown) => `; ${spec.image} could not be tagged back onto it (${message(error)})`,
      );
      const putBack = await restoreOld(ctx, hostId, containerId, name, created, wasRunning);
      return { updated: false, containerId, ...result, rolledBack: `${verdict.reason}; ${putBack} (previous image ${old.digests[0] ?? oldImageId})${retagged}` };
    }
  }
  const removed = await ctx.hub.request(hostId, "container.remove", { id: containerId, force: true }).then(
    () => null,
    (error: unknown) => `the old container (now named ${asideName}) could not be removed: ${message(error)}`,
  );
  return { updated: true, containerId: created, ...result, ...(removed ? { warning: removed } : {}) };
}

/** Puts the previous container back as it was: the failed new one removed, its name restored, started if it ran. */
async function restoreOld(ctx: Ctx, hostId: string, oldId: string, name: string, newId: string | null, wasRunning: boolean): Promise<string> {
  try {
    if (newId) await ctx.hub.request(hostId, "container.remove", { id: newId, force: true });
    await ctx.hub.request(hostId, "container.rename", { id: oldId, name });
    if (wasRunning) await ctx.hub.request(hostId, "container.start", { id: oldId });
    return `the previous container was put back${wasRunning ? " and started" : ""}`;
  } catch (error) {
    return `putting the previous container back failed too (${message(error)}): it is container ${oldId}`;
  }
}
