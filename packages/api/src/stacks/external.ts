import { AppError } from "@dockmaster/core";
import { discoverProjects, type ObservedState } from "@dockmaster/compose";
import type { ApiContext } from "../context";
import { stackRunsOf } from "./running";
import { stackEngineOf } from "./launch";
import type { StackLifecycleAction } from "./engine";

type Ctx = Pick<ApiContext, "db" | "hub" | "stacks">;

/**
 * An external compose project (started outside Dockmaster) must be one the host has now, found by
 * its labels, and not the name of a Dockmaster stack targeting this host: that one is changed
 * through its own procedures (its deploy history, its owners' permissions on the whole group).
 */
async function requireExternal(ctx: Ctx, hostId: string, project: string): Promise<void> {
  const host = await ctx.db.host.findUnique({ where: { id: hostId }, select: { groupId: true } });
  const owner = await ctx.db.stack.findFirst({ where: { name: project, OR: [{ hostId }, ...(host?.groupId ? [{ hostGroupId: host.groupId }] : [])] }, select: { id: true } });
  if (owner) throw new AppError("CONFLICT", `${project} is a Dockmaster stack on this host: use the stack's own actions`);
  const observed = (await ctx.hub.request(hostId, "stack.observe", { project })) as ObservedState;
  if (!discoverProjects(observed).some((p) => p.name === project)) throw new AppError("NOT_FOUND", `no compose project ${project} on this host`);
}

/**
 * start / stop / restart / down of an external project: the same plans (planStart … planDown over
 * what the agent observes by the project's label) and the same stack.apply stream as a stack's
 * lifecycle, through the StackEngine. No deploy history (there is no stack): the audit record and
 * the call's Operation are the trace. One change at a time per project and host.
 */
export async function runExternalLifecycle(ctx: Ctx, hostId: string, project: string, action: StackLifecycleAction, removeVolumes: boolean) {
  const engine = stackEngineOf(ctx);
  await requireExternal(ctx, hostId, project);
  const run = stackRunsOf(ctx).claim(`external:${project}`, hostId, project);
  try {
    await engine.lifecycle(hostId, project, action, { removeVolumes });
    return { ok: true };
  } finally {
    run.release();
  }
}
