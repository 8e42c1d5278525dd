import { AppError, can, createBatch, type Actor, type AuditEntry } from "@dockmaster/core";
import type { RunnableTarget } from "../bulk/runner";
import { runAfterCommit, type ApiContext } from "../context";
import { permissionDenied } from "../middleware";
import { applyUpdate, auditFacts, throwIfRolledBack, type UpdateDeps } from "./apply-update";

/** One container to update, and as whom (a batch a person starts: that person; the policy: the stack's creator, or no one). */
export interface UpdateTarget {
  hostId: string;
  containerId: string;
  name?: string;
  actor: Actor | null;
}

interface QueuedUpdate extends RunnableTarget {
  containerId: string;
  actor: Actor | null;
}

type Ctx = UpdateDeps & Pick<ApiContext, "bulk" | "client" | "requestId" | "afterCommit">;

/**
 * Updates containers across hosts as one batch of the bulk machinery: an Operation per container
 * (live progress in the batch's /ui room and on /bulk/[batchId]), each audited as
 * "updates.container" with its old and new digests (and a rollback's reason). A target whose
 * actor may not create containers on its host is refused before anything runs.
 */
export async function launchUpdates(ctx: Ctx, targets: UpdateTarget[], batchActor: { id: string; name: string }, auditActor?: AuditEntry["actor"]): Promise<{ batchId: string; total: number }> {
  const runner = ctx.bulk;
  if (!runner) throw new AppError("PRECONDITION_FAILED", "bulk actions are not available on this server");
  const queued: QueuedUpdate[] = targets.map((t) => ({
    hostId: t.hostId,
    containerId: t.containerId,
    actor: t.actor,
    target: { type: "container", id: t.containerId, name: t.name ?? null },
    auditAction: "updates.container",
    params: { hostId: t.hostId, id: t.containerId },
    ...(t.actor === null || can(t.actor, "container.create", t.hostId) ? {} : { refusal: permissionDenied("container.create", t.hostId).message }),
  }));
  const { batchId, operationIds } = await createBatch(ctx.db, { action: "updates.container", actor: batchActor, correlationId: ctx.requestId, targets: queued });
  const call = { actor: ctx.actor, client: ctx.client, requestId: ctx.requestId, ...(auditActor ? { auditActor } : {}) };
  runAfterCommit(ctx, () =>
    runner.launchWith(call, batchId, queued, operationIds, async (target, onProgress, operationId) => {
      const result = await applyUpdate({ ...ctx, actor: target.actor }, target.hostId, target.containerId, operationId, onProgress);
      Object.assign(target.params, auditFacts(result));
      target.target.name = result.name;
      throwIfRolledBack(result);
      return result;
    }),
  );
  return { batchId, total: queued.length };
}
