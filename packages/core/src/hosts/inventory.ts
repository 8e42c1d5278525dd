import type { Db } from "@dockmaster/db";
import { HostStatus } from "@dockmaster/protocol";
import { AppError } from "../errors";
import { parseLabels, type HostLabels } from "./labels";

/** One host as the inventory shows it (list and detail). Secrets never leave the server. */
export interface HostView {
  id: string;
  name: string;
  labels: HostLabels;
  groupId: string | null;
  groupName: string | null;
  status: HostStatus;
  statusReason: string | null;
  engineName: string | null;
  engineVersion: string | null;
  apiVersion: string | null;
  agentVersion: string | null;
  os: string | null;
  arch: string | null;
  kernelVersion: string | null;
  cpus: number | null;
  memoryBytes: number | null;
  containerCount: number;
  runningCount: number;
  imageCount: number;
  lastSeenAt: Date | null;
  connectedAt: Date | null;
  createdAt: Date;
  /** Set for an engine the control plane reaches itself (unix socket or tcp+TLS), else null. */
  directUrl: string | null;
  /** When the host was revoked (listed only when asked for: listHosts' includeRevoked), else null. */
  revokedAt: Date | null;
  /** Who revoked it, from the audit trail (null when unknown, or not revoked). */
  revokedBy: string | null;
}

const VIEW = {
  id: true,
  name: true,
  labels: true,
  groupId: true,
  status: true,
  statusReason: true,
  engineName: true,
  engineVersion: true,
  apiVersion: true,
  agentVersion: true,
  os: true,
  arch: true,
  kernelVersion: true,
  cpus: true,
  memoryBytes: true,
  containerCount: true,
  runningCount: true,
  imageCount: true,
  lastSeenAt: true,
  connectedAt: true,
  createdAt: true,
  revokedAt: true,
} as const;

type Row = Omit<HostView, "status" | "labels" | "memoryBytes" | "groupName" | "directUrl" | "revokedBy"> & { status: string; labels: string; memoryBytes: bigint | null };

async function toViews(db: Db, rows: Row[]): Promise<HostView[]> {
  const groupIds = [...new Set(rows.map((r) => r.groupId).filter((g): g is string => g !== null))];
  const groups = groupIds.length ? await db.hostGroup.findMany({ where: { id: { in: groupIds } }, select: { id: true, name: true } }) : [];
  const direct = rows.length ? await db.directEngine.findMany({ where: { hostId: { in: rows.map((r) => r.id) } }, select: { hostId: true, url: true } }) : [];
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  const directUrl = new Map(direct.map((d) => [d.hostId, d.url]));
  const revokedBy = await revokers(db, rows.filter((r) => r.revokedAt !== null).map((r) => r.id));
  return rows.map((row) => {
    const status = HostStatus.safeParse(row.status);
    return {
      ...row,
      status: status.success ? status.data : "offline",
      labels: parseLabels(row.labels),
      memoryBytes: row.memoryBytes === null ? null : Number(row.memoryBytes),
      groupName: row.groupId ? (groupName.get(row.groupId) ?? null) : null,
      directUrl: directUrl.get(row.id) ?? null,
      revokedBy: revokedBy.get(row.id) ?? null,
    };
  });
}

/** Who revoked each host: the actor of its latest successful hosts.revoke audit record. */
async function revokers(db: Db, hostIds: string[]): Promise<Map<string, string>> {
  if (hostIds.length === 0) return new Map();
  const records = await db.auditEvent.findMany({
    where: { action: "hosts.revoke", result: "ok", targetId: { in: hostIds } },
    orderBy: { seq: "asc" },
    select: { targetId: true, actorName: true },
  });
  return new Map(records.filter((r) => r.targetId && r.actorName).map((r) => [r.targetId!, r.actorName!]));
}

/**
 * The inventory, by name. Revoked hosts are left out unless asked for: they can no longer
 * connect, but an admin must still see them (to remove them) on the host list.
 */
export async function listHosts(db: Db, options: { includeRevoked?: boolean } = {}): Promise<HostView[]> {
  const rows = await db.host.findMany({ where: options.includeRevoked ? {} : { revokedAt: null }, orderBy: { name: "asc" }, select: VIEW });
  return toViews(db, rows);
}

export async function getHost(db: Db, hostId: string): Promise<HostView> {
  const row = await db.host.findFirst({ where: { id: hostId, revokedAt: null }, select: VIEW });
  if (!row) throw new AppError("NOT_FOUND", `host ${hostId} not found`);
  return (await toViews(db, [row]))[0]!;
}
