import { emptySql, executeStatements, sql, type Db, type SqliteConnection } from "@dockmaster/db";
import { historyReason, recordHostHistory } from "./history";

/*
 * Host status transitions. Each writes the status and its history row in one transaction, and
 * only when the status really changes (a repeated report writes nothing), returning whether it did.
 */

/**
 * The agent connected to `instanceId`: online, whatever it was (degraded is re-reported by the agent).
 * Plain statements (see executeStatements), because thousands of agents reconnect at once after a
 * control-plane restart: the history row is inserted under the same condition as the update, in
 * the same transaction, so it exists exactly when the update happened.
 */
export async function markHostOnline(db: Db, hostId: string, instanceId: string, sqlite: SqliteConnection | null = null): Promise<boolean> {
  const now = new Date();
  // History only for a change: an agent handed over to another instance (graceful stop of its
  // instance, scale-out) or reconnecting while still online was never offline.
  const [, updated] = await executeStatements(db, sqlite, [
    sql`INSERT INTO "HostHistory" ("hostId", "time", "kind", "reason") SELECT ${hostId}, ${now}, 'online', NULL WHERE EXISTS (SELECT 1 FROM "Host" WHERE "id" = ${hostId} AND "revokedAt" IS NULL AND "status" <> 'online')`,
    sql`UPDATE "Host" SET "status" = 'online', "statusReason" = NULL, "connectedAt" = ${now}, "lastSeenAt" = ${now}, "connectedInstanceId" = ${instanceId}, "updatedAt" = ${now} WHERE "id" = ${hostId} AND "revokedAt" IS NULL`,
  ]);
  return updated === 1;
}

/**
 * The agent's socket closed on `instanceId`. A host that has meanwhile connected to another
 * instance, was revoked or removed is left as it is. The history row goes first, under the
 * update's own condition (which the update then makes false).
 */
export async function markHostOffline(db: Db, hostId: string, reason: string, instanceId?: string, sqlite: SqliteConnection | null = null): Promise<boolean> {
  const now = new Date();
  const held = instanceId ? sql` AND ("connectedInstanceId" = ${instanceId} OR "connectedInstanceId" IS NULL)` : emptySql;
  const condition = sql`"id" = ${hostId} AND "revokedAt" IS NULL AND "status" <> 'offline'${held}`;
  const [, updated] = await executeStatements(db, sqlite, [
    sql`INSERT INTO "HostHistory" ("hostId", "time", "kind", "reason") SELECT ${hostId}, ${now}, 'offline', ${historyReason(reason)} WHERE EXISTS (SELECT 1 FROM "Host" WHERE ${condition})`,
    sql`UPDATE "Host" SET "status" = 'offline', "statusReason" = ${reason}, "lastSeenAt" = ${now}, "connectedInstanceId" = NULL, "updatedAt" = ${now} WHERE ${condition}`,
  ]);
  return updated === 1;
}

/** The agent is connected but cannot reach its engine: degraded, with the engine's reason. */
export async function markHostDegraded(db: Db, hostId: string, reason: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const updated = await tx.host.updateMany({
      where: { id: hostId, revokedAt: null, status: "online" },
      data: { status: "degraded", statusReason: reason, lastSeenAt: new Date() },
    });
    if (updated.count === 1) await recordHostHistory(tx, hostId, "degraded", reason);
    return updated.count === 1;
  });
}

/** The engine answers again: back to online. */
export async function markHostRecovered(db: Db, hostId: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const updated = await tx.host.updateMany({
      where: { id: hostId, revokedAt: null, status: "degraded" },
      data: { status: "online", statusReason: null, lastSeenAt: new Date() },
    });
    if (updated.count === 1) await recordHostHistory(tx, hostId, "recovered");
    return updated.count === 1;
  });
}

export async function touchHost(db: Db, hostId: string): Promise<void> {
  await db.host.updateMany({ where: { id: hostId }, data: { lastSeenAt: new Date() } });
}

/** After a control-plane restart no agent is connected yet: every host starts offline. */
export async function markAllHostsOffline(db: Db): Promise<void> {
  const reason = "control plane restarted";
  await db.$transaction(async (tx) => {
    const hosts = await tx.host.findMany({ where: { status: { not: "offline" } }, select: { id: true } });
    await tx.host.updateMany({ where: { id: { in: hosts.map((h) => h.id) } }, data: { status: "offline", statusReason: reason } });
    await tx.hostHistory.createMany({ data: hosts.map((h) => ({ hostId: h.id, kind: "offline", reason })) });
  });
}
