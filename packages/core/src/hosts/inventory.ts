import type { Db } from "@dockmaster/db";
import { AppError } from "../errors";

export interface HostView {
  id: string;
  name: string;
  status: "online" | "offline";
  statusReason: string | null;
  engineVersion: string | null;
  apiVersion: string | null;
  agentVersion: string | null;
  os: string | null;
  arch: string | null;
  lastSeenAt: Date | null;
  connectedAt: Date | null;
  groupId: string | null;
}

const VIEW = {
  id: true,
  name: true,
  status: true,
  statusReason: true,
  engineVersion: true,
  apiVersion: true,
  agentVersion: true,
  os: true,
  arch: true,
  lastSeenAt: true,
  connectedAt: true,
  groupId: true,
} as const;

function toView(row: Omit<HostView, "status"> & { status: string }): HostView {
  return { ...row, status: row.status === "online" ? "online" : "offline" };
}

export async function listHosts(db: Db): Promise<HostView[]> {
  const rows = await db.host.findMany({ where: { revokedAt: null }, orderBy: { name: "asc" }, select: VIEW });
  return rows.map(toView);
}

export async function getHost(db: Db, hostId: string): Promise<HostView> {
  const row = await db.host.findFirst({ where: { id: hostId, revokedAt: null }, select: VIEW });
  if (!row) throw new AppError("NOT_FOUND", `host ${hostId} not found`);
  return toView(row);
}
