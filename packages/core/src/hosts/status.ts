import type { Db } from "@dockmaster/db";

export async function markHostOnline(db: Db, hostId: string, reason: string | null = null): Promise<void> {
  const now = new Date();
  await db.host.update({ where: { id: hostId }, data: { status: "online", statusReason: reason, connectedAt: now, lastSeenAt: now } });
}

export async function markHostOffline(db: Db, hostId: string, reason: string): Promise<void> {
  await db.host.updateMany({ where: { id: hostId }, data: { status: "offline", statusReason: reason, lastSeenAt: new Date() } });
}

export async function touchHost(db: Db, hostId: string): Promise<void> {
  await db.host.updateMany({ where: { id: hostId }, data: { lastSeenAt: new Date() } });
}

/** After a control-plane restart no agent is connected yet: every host starts offline. */
export async function markAllHostsOffline(db: Db): Promise<void> {
  await db.host.updateMany({ where: { status: { not: "offline" } }, data: { status: "offline", statusReason: "control plane restarted" } });
}
