import { AppError, can, createBatch, type StackView } from "@dockmaster/core";
import type { ApiContext } from "../context";
import { runAfterCommit } from "../context";
import type { RunnableTarget } from "../bulk/runner";
import { permissionDenied } from "../middleware";
import { applyPrepared, prepareDeploy, type Prepared } from "./deploy";
import type { StackEngine } from "./engine";
import { stackRunsOf } from "./running";

type Ctx = Pick<ApiContext, "db" | "hub" | "secrets" | "bulk" | "stacks" | "client" | "requestId" | "afterCommit"> & { actor: NonNullable<ApiContext["actor"]> };

interface DeployTarget extends RunnableTarget {
  prepared?: Prepared;
}

export function stackEngineOf(ctx: Pick<ApiContext, "stacks">): StackEngine {
  if (!ctx.stacks?.engine) throw new AppError("PRECONDITION_FAILED", "stack deploys are not available on this server (no compose engine is wired)");
  return ctx.stacks.engine;
}

/**
 * Deploys a stack on hosts as one batch: an Operation per host (the bulk runner: offline hosts fail
 * at once, the others run a few at a time, progress to the batch's /ui room, one audit record
 * each, with the revision and content hash). A host already prepared (a single-host deploy checks
 * everything before answering) is applied as prepared; the others are prepared in their own run,
 * so one host's refusal fails only that host.
 */
export async function launchDeploys(ctx: Ctx, stack: StackView, hosts: Array<{ hostId: string; prepared?: Prepared }>, options: { revision?: number; pull: boolean }) {
  const engine = stackEngineOf(ctx);
  const runner = ctx.bulk;
  if (!runner) throw new AppError("PRECONDITION_FAILED", "background operations are not available on this server");
  const targets: DeployTarget[] = hosts.map(({ hostId, prepared }) => ({
    hostId,
    prepared,
    target: { type: "stack", id: stack.id, name: stack.name },
    auditAction: "stacks.deploy",
    params: { hostId, stackId: stack.id, pull: options.pull, ...(prepared ? { revision: prepared.revision.number, contentHash: prepared.revision.contentHash } : options.revision ? { revision: options.revision } : {}) },
    ...(can(ctx.actor, "stack.deploy", hostId) ? {} : { refusal: permissionDenied("stack.deploy", hostId).message }),
  }));
  const actor = { id: ctx.actor.id, name: ctx.actor.username };
  const { batchId, operationIds } = await createBatch(ctx.db, { action: "stacks.deploy", actor, correlationId: ctx.requestId, targets });
  const deps = { db: ctx.db, hub: ctx.hub, secrets: ctx.secrets, actor: ctx.actor, engine };
  const call = { actor: ctx.actor, client: ctx.client, requestId: ctx.requestId };
  runAfterCommit(ctx, () =>
    runner.launchWith(call, batchId, targets, operationIds, async (target, onProgress, operationId) => {
      const run = stackRunsOf(ctx).claim(stack.id, target.hostId, stack.name);
      run.attach(operationId);
      try {
        const prepared = target.prepared ?? (await prepareDeploy(deps, stack, target.hostId, options.revision, { pull: options.pull }));
        target.params.revision = prepared.revision.number;
        target.params.contentHash = prepared.revision.contentHash;
        onProgress(`revision ${prepared.revision.number}: ${prepared.plan.noop ? "nothing to change" : `${prepared.plan.steps.filter((s) => s.kind !== "service.unchanged").length} steps`}`);
        return await applyPrepared(deps, prepared, { pull: options.pull, operationId, signal: run.signal, onProgress });
      } finally {
        run.release();
      }
    }),
  );
  return { batchId, operationIds };
}
