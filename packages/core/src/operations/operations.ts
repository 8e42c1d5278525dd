import type { Db } from "@dockmaster/db";
import { tellOperationFailed } from "./failed-listeners";

export interface OperationStart {
  hostId: string;
  action: string;
  target?: { type: string; id?: string | null; name?: string | null } | null;
  actor?: { id?: string | null; name?: string | null } | null;
  correlationId?: string | null;
}

/**
 * Operations: one row per Docker action sent to a host. It exists (running) before the agent is
 * asked, so an action that never returns — the control plane stopped, the host vanished — is
 * still visible as started and unfinished; it is completed with the outcome afterwards.
 */
export async function startOperation(db: Db, start: OperationStart): Promise<string> {
  const row = await db.operation.create({
    data: {
      hostId: start.hostId,
      action: start.action,
      targetType: start.target?.type ?? null,
      targetId: start.target?.id ?? null,
      targetName: start.target?.name ?? null,
      actorId: start.actor?.id ?? null,
      actorName: start.actor?.name ?? null,
      status: "running",
      correlationId: start.correlationId ?? null,
    },
    select: { id: true },
  });
  return row.id;
}

/** Moves a queued operation (one target of a bulk action) to running, just before its dispatch. */
export async function markOperationRunning(db: Db, id: string): Promise<void> {
  await db.operation.update({ where: { id }, data: { status: "running" } });
}

export async function finishOperation(db: Db, id: string, outcome: { ok: true } | { ok: false; error: string }, target?: OperationStart["target"]): Promise<void> {
  const row = await db.operation.update({
    where: { id },
    data: {
      status: outcome.ok ? "succeeded" : "failed",
      error: outcome.ok ? null : outcome.error.slice(0, 2_000),
      finishedAt: new Date(),
      ...(target ? { targetType: target.type, targetId: target.id ?? null, targetName: target.name ?? null } : {}),
    },
    select: { hostId: true, action: true, targetName: true, targetId: true, actorName: true },
  });
  if (!outcome.ok) tellOperationFailed(db, { id, hostId: row.hostId, action: row.action, targetName: row.targetName ?? row.targetId, actorName: row.actorName, error: outcome.error });
}

export async function listOperations(db: Db, filter: { hostId?: string; status?: string; take?: number }) {
  return db.operation.findMany({
    where: { ...(filter.hostId ? { hostId: filter.hostId } : {}), ...(filter.status ? { status: filter.status } : {}) },
    orderBy: { createdAt: "desc" },
    take: Math.min(filter.take ?? 100, 500),
  });
}
