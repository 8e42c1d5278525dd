import type { Db, DbTransaction } from "@dockmaster/db";

/** What a host's history records (engine events live elsewhere, in EngineEvent). */
export const HOST_HISTORY_KINDS = ["enrolled", "online", "offline", "degraded", "recovered", "renamed", "labels-changed", "group-changed", "address-changed", "revoked", "removed", "agent-refused", "credentials-replaced"] as const;
export type HostHistoryKind = (typeof HOST_HISTORY_KINDS)[number];

export interface HostHistoryEntry {
  id: number;
  time: Date;
  kind: HostHistoryKind;
  reason: string | null;
}

/** A reason as a history row keeps it (bounded: reasons quote engines and sockets). */
export function historyReason(reason: string): string {
  return reason.slice(0, 500);
}

export async function recordHostHistory(db: Db | DbTransaction, hostId: string, kind: HostHistoryKind, reason: string | null = null): Promise<void> {
  await db.hostHistory.create({ data: { hostId, kind, reason: reason === null ? null : historyReason(reason) } });
}

/** Newest first; `before` pages further back (an id from the previous page). */
export async function listHostHistory(db: Db, hostId: string, options: { limit: number; before?: number }): Promise<HostHistoryEntry[]> {
  const rows = await db.hostHistory.findMany({
    where: { hostId, ...(options.before ? { id: { lt: options.before } } : {}) },
    orderBy: { id: "desc" },
    take: options.limit,
    select: { id: true, time: true, kind: true, reason: true },
  });
  return rows.map((r) => ({ ...r, kind: r.kind as HostHistoryKind }));
}
