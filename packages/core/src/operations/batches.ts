import type { Db } from "@dockmaster/db";
import type { BulkSummary, BulkTargetState, OperationStatus } from "@dockmaster/protocol";
import { AppError } from "../errors";
import { can, type Actor } from "../authz/can";
import type { OperationStart } from "./operations";

export interface BatchTarget {
  hostId: string;
  target: NonNullable<OperationStart["target"]>;
  /** Set for a target refused before dispatch (its operation is created failed). */
  refusal?: string;
}

/**
 * A bulk action: one OperationBatch and one Operation per target, created together (queued, or
 * failed at once for a refused target) so the batch page lists every target from the start.
 */
export async function createBatch(db: Db, batch: { action: string; actor: { id: string; name: string }; correlationId: string; targets: BatchTarget[] }) {
  const row = await db.operationBatch.create({ data: { action: batch.action, actorId: batch.actor.id, actorName: batch.actor.name, total: batch.targets.length }, select: { id: true } });
  const now = new Date();
  // Ids follow the selection's order, so the batch page lists targets as they were chosen.
  const operationIds = batch.targets.map((_, i) => `${row.id}.${String(i).padStart(4, "0")}`);
  await db.operation.createMany({
    data: batch.targets.map((t, i) => ({
      id: operationIds[i]!,
      hostId: t.hostId,
      action: batch.action,
      targetType: t.target.type,
      targetId: t.target.id ?? null,
      targetName: t.target.name ?? null,
      actorId: batch.actor.id,
      actorName: batch.actor.name,
      status: t.refusal ? "failed" : "queued",
      error: t.refusal ?? null,
      finishedAt: t.refusal ? now : null,
      correlationId: batch.correlationId,
      batchId: row.id,
    })),
  });
  return { batchId: row.id, operationIds };
}

export async function finishBatch(db: Db, batchId: string): Promise<void> {
  await db.operationBatch.update({ where: { id: batchId }, data: { finishedAt: new Date() } });
}

type OperationRow = { id: string; hostId: string; targetId: string | null; targetName: string | null; status: string; error: string | null };

export function targetState(row: OperationRow): BulkTargetState {
  return { operationId: row.id, hostId: row.hostId, targetId: row.targetId, targetName: row.targetName, status: row.status as OperationStatus, error: row.error };
}

/** n succeeded, m failed, and the distinct reasons (most frequent first). */
export function summarize(targets: Array<Pick<BulkTargetState, "status" | "error">>): BulkSummary {
  const reasons = new Map<string, number>();
  let succeeded = 0;
  let failed = 0;
  for (const t of targets) {
    if (t.status === "succeeded") succeeded += 1;
    if (t.status !== "failed") continue;
    failed += 1;
    const reason = t.error ?? "unknown error";
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  return { total: targets.length, succeeded, failed, reasons: [...reasons].map(([error, count]) => ({ error, count })).sort((a, b) => b.count - a.count) };
}

/** A batch with every target's state; NOT_FOUND when there is no such batch. */
export async function getBatch(db: Db, batchId: string) {
  const batch = await db.operationBatch.findUnique({ where: { id: batchId } });
  if (!batch) throw new AppError("NOT_FOUND", `no bulk action ${batchId}`);
  const rows = await db.operation.findMany({ where: { batchId }, orderBy: { id: "asc" }, select: { id: true, hostId: true, targetId: true, targetName: true, status: true, error: true } });
  const targets = rows.map(targetState);
  return { ...batch, targets, summary: summarize(targets) };
}

/** The latest batches, of one user or of everyone. */
export async function recentBatches(db: Db, filter: { actorId?: string; take?: number }) {
  return db.operationBatch.findMany({
    where: filter.actorId ? { actorId: filter.actorId } : {},
    orderBy: { createdAt: "desc" },
    take: Math.min(filter.take ?? 20, 100),
  });
}

/** A batch is visible to the user who started it, and to whoever may read the audit trail. */
export function maySeeBatch(actor: Actor, batch: { actorId: string | null }): boolean {
  return batch.actorId === actor.id || can(actor, "audit.view");
}
