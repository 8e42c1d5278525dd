import { AppError, COMPOSE_PROJECT, parseTagRef, type StackView } from "@dockmaster/core";
import { LABEL, type Plan } from "@dockmaster/compose";
import { splitRepoTag } from "@dockmaster/protocol";
import type { ApiContext } from "../context";
import { applyPrepared, loadOnHost, type Prepared, type StackDeps } from "../stacks/deploy";
import { gateProject } from "../stacks/gate";
import { stackEngineOf } from "../stacks/launch";
import { observeHost } from "../stacks/observe";
import { preflight } from "../stacks/preflight";
import { stackRunsOf } from "../stacks/running";
import { lastSuccessfulDeploys, deployKey } from "@dockmaster/core";
import { watchHealth } from "./health";
import { digestsOf, message, obj, str, type UpdateOptions, type UpdateResult } from "./update-container";

type Ctx = Pick<ApiContext, "db" | "hub" | "actor" | "pull" | "secrets" | "stacks">;

/**
 * *Update* for a container of a Dockmaster stack: not a recreate from its inspect, but a redeploy
 * of its service through the stacks' own path (the revision deployed on that host, the host's
 * overrides, the capability gate for the project, a StackDeploy record): pull the service's image,
 * plan the project against the host (the planner sees the tag moved to a new image), and apply
 * only that service's steps. With a health timeout, the service's new containers must prove
 * themselves; if not, the previous image is tagged back and the service redeployed from it.
 */
export async function updateStackService(ctx: Ctx, stack: StackView, hostId: string, containerId: string, operationId: string, options: UpdateOptions = {}): Promise<UpdateResult> {
  if (!ctx.pull) throw new AppError("PRECONDITION_FAILED", "this control plane cannot pull images (no pull stream wired)");
  const progress = options.onProgress ?? (() => undefined);
  const inspect = await ctx.hub.request(hostId, "container.inspect", { id: containerId });
  const labels = obj(obj(inspect.Config).Labels) as Record<string, string>;
  const service = labels[LABEL.service];
  if (!service) throw new AppError("PRECONDITION_FAILED", `container ${containerId} has no compose service label`);
  const image = str(obj(inspect.Config).Image);
  const parsed = parseTagRef(image);
  if (!parsed.ok) throw new AppError("PRECONDITION_FAILED", `${image} is not checkable: ${parsed.reason}`);
  const deps: StackDeps = { db: ctx.db, hub: ctx.hub, secrets: ctx.secrets, actor: ctx.actor, engine: stackEngineOf(ctx) };
  const deployed = (await lastSuccessfulDeploys(ctx.db, [stack.id])).get(deployKey(stack.id, hostId));

  const run = stackRunsOf(ctx).claim(stack.id, hostId, stack.name);
  run.attach(operationId);
  try {
    const oldImageId = str(inspect.Image);
    const old = await digestsOf(ctx, hostId, oldImageId, parsed.ref).catch(() => ({ id: oldImageId, digests: [] as string[] }));
    progress(`${service}: pulling ${image}`);
    await ctx.pull(hostId, image, (line) => progress(`${service}: ${line}`));
    const fresh = await digestsOf(ctx, hostId, image, parsed.ref);
    const result = { image, oldDigests: old.digests, newDigests: fresh.digests, containerId };
    if (fresh.id === oldImageId) return { updated: false, ...result };

    const redeploy = async () => {
      const prepared = await prepareService(deps, stack, hostId, service, deployed?.revisionNumber ?? undefined);
      if (!prepared.plan.steps.some((s) => s.kind === "service.recreate" || s.kind === "service.create")) return null;
      progress(`${service}: redeploying revision ${prepared.revision.number}`);
      await applyPrepared(deps, prepared, { pull: false, operationId, signal: run.signal, onProgress: progress });
      return serviceContainers(ctx, hostId, stack.name, service);
    };
    const recreated = await redeploy();
    if (!recreated) return { updated: false, ...result, warning: `the stack's plan for service ${service} had nothing to recreate` };
    if (options.healthTimeoutMs) {
      progress(`${service}: watching its health for up to ${Math.round(options.healthTimeoutMs / 1000)} s`);
      const verdicts = await Promise.all(recreated.map((id) => watchHealth(ctx.hub, hostId, id, options.healthTimeoutMs!)));
      const failed = verdicts.find((v) => !v.ok);
      if (failed && !failed.ok) {
        const { repo, tag } = splitRepoTag(image);
        const putBack = await ctx.hub
          .request(hostId, "image.tag", { id: oldImageId, repo, tag })
          .then(() => redeploy())
          .then(
            (ids) => (ids ? `service ${service} was redeployed from the previous image` : `the previous image was tagged back but the plan recreated nothing`),
            (error: unknown) => `putting the previous image back failed too (${message(error)}): image ${oldImageId}`,
          );
        return { updated: false, ...result, rolledBack: `${failed.reason}; ${putBack} (previous image ${old.digests[0] ?? oldImageId})` };
      }
    }
    return { updated: true, ...result, containerId: recreated[0] ?? containerId };
  } finally {
    run.release();
  }
}

/** The revision deployed on the host, planned against the host with its images, cut down to one service's steps (and the networks and volumes it needs). */
async function prepareService(deps: StackDeps, stack: StackView, hostId: string, service: string, revisionNumber: number | undefined): Promise<Prepared> {
  const { revision, project, warnings } = await loadOnHost(deps, stack, hostId, revisionNumber);
  if (!project.services.some((s) => s.name === service)) throw new AppError("PRECONDITION_FAILED", `revision ${revision.number} of stack ${stack.name} has no service ${service}`);
  const host = await observeHost(deps.hub, hostId, project);
  preflight(project, host);
  await gateProject(deps, hostId, project);
  const images = await deps.hub.request(hostId, "image.list", {});
  const full = deps.engine.plan(project, { ...host.observed, images: images.map((i) => ({ id: i.id, repoTags: i.repoTags })) });
  const steps = full.steps.filter((s) => s.kind === "network.create" || s.kind === "volume.create" || (s.kind !== "container.remove" && "service" in s && s.service === service));
  const plan: Plan = { ...full, steps, noop: steps.every((s) => s.kind === "service.unchanged") };
  return { stack, hostId, revision, project, plan, warnings };
}

async function serviceContainers(ctx: Ctx, hostId: string, project: string, service: string): Promise<string[]> {
  const list = await ctx.hub.request(hostId, "container.list", { all: true });
  return list.filter((c) => c.labels[COMPOSE_PROJECT] === project && c.labels[LABEL.service] === service && c.labels[LABEL.oneoff] !== "True").map((c) => c.id);
}
