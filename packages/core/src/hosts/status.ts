import type { Db } from "@dockmaster/db";
import { recordHostHistory } from "./history";

/*
 * Host status transitions. Each writes the status and its history row in one transaction, and
 * only when the status really changes (a repeated report writes nothing), returning whether it did.
 */

/** The agent connected to `instanceId`: online, whatever it was (degraded is re-reported by the agent). */
export async function markHostOnline(db: Db, hostId: string, instanceId: string): Promise<boolean> {
  const now = new Date();
  return db.$transaction(async (tx) => {
    const updated = await tx.host.updateMany({
      where: { id: hostId, revokedAt: null },
      data: { status: "online", statusReason: null, connectedAt: now, lastSeenAt: now, connectedInstanceId: instanceId },
    });
    if (updated.count === 1) await recordHostHistory(tx, hostId, "online");
    return updated.count === 1;
  });
}

/**
 * The agent's socket closed on `instanceId`. A host that has meanwhile connected to another
 * instance, was revoked or removed is left as it is.
 */
export async function markHostOffline(db: Db, hostId: string, reason: string, instanceId?: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const updated = await tx.host.updateMany({
      where: { id: hostId, revokedAt: null, status: { not: "offline" }, ...(instanceId ? { OR: [{ connectedInstanceId: instanceId }, { connectedInstanceId: null }] } : {}) },
      data: { status: "offline", statusReason: reason, lastSeenAt: new Date(), connectedInstanceId: null },
    });
    if (updated.count === 1) await recordHostHistory(tx, hostId, "offline", reason);
    return updated.count === 1;
  });
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
