import type { Db } from "@dockmaster/db";
import { recordHostHistory } from "./history";

/*
 * Control-plane instances. Each one has an id, a row in ControlPlaneInstance and beats every few
 * seconds; a host's connectedInstanceId names the instance holding its agent's socket. When an
 * instance stops beating (crashed, cut off), the hosts it held are offline: any instance's reaper
 * says so. (Marking every host offline at startup, as one process may, would take the hosts of the
 * other, living instances offline too.)
 */

export async function beatInstance(db: Db, instanceId: string): Promise<void> {
  const now = new Date();
  await db.controlPlaneInstance.upsert({ where: { id: instanceId }, create: { id: instanceId, startedAt: now, beatAt: now }, update: { beatAt: now } });
}

/** A clean shutdown: the row goes, so the reapers of other instances act at once. */
export async function removeInstance(db: Db, instanceId: string): Promise<void> {
  await db.controlPlaneInstance.deleteMany({ where: { id: instanceId } });
}

/**
 * Hosts still marked connected although the instance holding them stopped beating `staleMs` ago
 * (or its row is gone) are set offline; returns their ids. Rows of instances dead for a day are
 * dropped. Hosts without a holder are left alone: the instance that connects them sets one.
 */
export async function reapOrphanedHosts(db: Db, staleMs: number): Promise<string[]> {
  const now = Date.now();
  await db.controlPlaneInstance.deleteMany({ where: { beatAt: { lt: new Date(now - 24 * 3600_000) } } });
  const live = (await db.controlPlaneInstance.findMany({ where: { beatAt: { gte: new Date(now - staleMs) } }, select: { id: true } })).map((i) => i.id);
  const orphaned = { status: { not: "offline" }, connectedInstanceId: { not: null, notIn: live } };
  const hosts = await db.host.findMany({ where: orphaned, select: { id: true, connectedInstanceId: true } });
  const reaped: string[] = [];
  for (const host of hosts) {
    // Conditional on the same holder: a host that reconnected meanwhile is not touched.
    const updated = await db.host.updateMany({
      where: { id: host.id, connectedInstanceId: host.connectedInstanceId, status: { not: "offline" } },
      data: { status: "offline", statusReason: "its control-plane instance stopped", connectedInstanceId: null },
    });
    if (updated.count === 1) {
      reaped.push(host.id);
      await recordHostHistory(db, host.id, "offline", "its control-plane instance stopped");
    }
  }
  return reaped;
}

/** Connected hosts, the instance holding each, and their names (for messages). */
export async function heldHosts(db: Db): Promise<Array<readonly [hostId: string, instanceId: string, name: string]>> {
  const hosts = await db.host.findMany({ where: { status: { not: "offline" }, connectedInstanceId: { not: null } }, select: { id: true, connectedInstanceId: true, name: true } });
  return hosts.map((h) => [h.id, h.connectedInstanceId!, h.name] as const);
}
