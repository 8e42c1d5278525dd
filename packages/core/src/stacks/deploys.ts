import type { Db } from "@dockmaster/db";

/**
 * The deploy history: one StackDeploy per deploy / start / stop / restart / down of a stack on one
 * host, next to its Operation. A successful deploy's summary records what that revision runs
 * (each service's replicas and config hash), which is what the status compares the host with.
 */
export interface DeployedServices {
  [service: string]: { replicas: number; configHash: string };
}

export interface DeployStart {
  stackId: string;
  hostId: string;
  action: "deploy" | "start" | "stop" | "restart" | "down";
  revision?: { id: string; number: number };
  operationId?: string;
}

export async function startDeploy(db: Db, start: DeployStart): Promise<string> {
  const row = await db.stackDeploy.create({
    data: { stackId: start.stackId, hostId: start.hostId, action: start.action, revisionId: start.revision?.id ?? null, revisionNumber: start.revision?.number ?? null, operationId: start.operationId ?? null, status: "running" },
    select: { id: true },
  });
  return row.id;
}

export async function finishDeploy(db: Db, id: string, status: "succeeded" | "failed" | "cancelled", summary: Record<string, unknown>): Promise<void> {
  await db.stackDeploy.update({ where: { id }, data: { status, finishedAt: new Date(), summary: JSON.stringify(summary) } });
}

export async function listDeploys(db: Db, stackId: string, filter: { hostId?: string; take?: number } = {}) {
  const rows = await db.stackDeploy.findMany({ where: { stackId, ...(filter.hostId ? { hostId: filter.hostId } : {}) }, orderBy: { startedAt: "desc" }, take: Math.min(filter.take ?? 50, 200) });
  return rows.map((r) => ({ ...r, summary: JSON.parse(r.summary) as Record<string, unknown> }));
}

/** Per (stack, host): the last successful deploy (its revision and what it runs). */
export async function lastSuccessfulDeploys(db: Db, stackIds: string[]) {
  if (stackIds.length === 0) return new Map<string, { revisionNumber: number | null; services: DeployedServices; finishedAt: Date | null }>();
  const rows = await db.stackDeploy.findMany({ where: { stackId: { in: stackIds }, action: "deploy", status: "succeeded" }, orderBy: { startedAt: "desc" }, select: { stackId: true, hostId: true, revisionNumber: true, summary: true, finishedAt: true } });
  const last = new Map<string, { revisionNumber: number | null; services: DeployedServices; finishedAt: Date | null }>();
  for (const row of rows) {
    const key = deployKey(row.stackId, row.hostId);
    if (last.has(key)) continue;
    const summary = JSON.parse(row.summary) as { services?: DeployedServices };
    last.set(key, { revisionNumber: row.revisionNumber, services: summary.services ?? {}, finishedAt: row.finishedAt });
  }
  return last;
}

export const deployKey = (stackId: string, hostId: string) => `${stackId}@${hostId}`;
