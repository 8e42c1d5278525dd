import type { Db, DbTransaction } from "@dockmaster/db";
import type { HostStateDelta, HostStateFull, SnapshotInfo } from "@dockmaster/protocol";
import { snapshotRow, uniqueById } from "./snapshot-rows";

/*
 * The control plane's copy of each host's state (SnapshotContainer rows + one HostSnapshot), kept
 * by the agent's state sync: a full state replaces it in one transaction, a delta patches it. The
 * host's counts follow in the same transaction, so the inventory and the fleet pages agree.
 */

async function updateCounts(tx: DbTransaction, hostId: string, extra: { imageCount?: number; info?: SnapshotInfo; synced?: boolean }) {
  const [containerCount, runningCount] = await Promise.all([
    tx.snapshotContainer.count({ where: { hostId } }),
    tx.snapshotContainer.count({ where: { hostId, state: "running" } }),
  ]);
  await tx.host.updateMany({
    where: { id: hostId },
    data: {
      containerCount,
      runningCount,
      ...(extra.imageCount !== undefined && { imageCount: extra.imageCount }),
      ...(extra.info && { cpus: extra.info.cpus, memoryBytes: BigInt(Math.round(extra.info.memTotal)) }),
      ...(extra.synced && { syncedAt: new Date() }),
    },
  });
}

/** Replaces everything known about the host with `state`. */
export async function replaceHostState(db: Db, hostId: string, state: HostStateFull): Promise<void> {
  const rows = uniqueById(state.containers).map((c) => snapshotRow(hostId, c));
  const lists = { info: JSON.stringify(state.info), images: JSON.stringify(state.images), networks: JSON.stringify(state.networks), volumes: JSON.stringify(state.volumes) };
  await db.$transaction(async (tx) => {
    await tx.snapshotContainer.deleteMany({ where: { hostId } });
    if (rows.length > 0) await tx.snapshotContainer.createMany({ data: rows });
    await tx.hostSnapshot.upsert({ where: { hostId }, create: { hostId, ...lists }, update: lists });
    await updateCounts(tx, hostId, { imageCount: state.images.length, info: state.info, synced: true });
  });
}

/** Applies container upserts/removals and replaces the lists the delta carries. */
export async function applyHostDelta(db: Db, hostId: string, delta: HostStateDelta): Promise<void> {
  const lists = {
    ...(delta.images && { images: JSON.stringify(delta.images) }),
    ...(delta.networks && { networks: JSON.stringify(delta.networks) }),
    ...(delta.volumes && { volumes: JSON.stringify(delta.volumes) }),
  };
  await db.$transaction(async (tx) => {
    if (delta.remove.length > 0) await tx.snapshotContainer.deleteMany({ where: { hostId, containerId: { in: delta.remove } } });
    for (const c of uniqueById(delta.upsert)) {
      const { hostId: _h, containerId, ...fields } = snapshotRow(hostId, c);
      await tx.snapshotContainer.upsert({ where: { hostId_containerId: { hostId, containerId } }, create: { hostId, containerId, ...fields }, update: fields });
    }
    if (Object.keys(lists).length > 0) await tx.hostSnapshot.upsert({ where: { hostId }, create: { hostId, ...lists }, update: lists });
    await updateCounts(tx, hostId, { imageCount: delta.images?.length });
  });
}

/** Forgets a removed host's snapshot (in the caller's transaction: host removal). */
export async function dropHostState(db: Db | DbTransaction, hostId: string): Promise<void> {
  await db.snapshotContainer.deleteMany({ where: { hostId } });
  await db.hostSnapshot.deleteMany({ where: { hostId } });
}
