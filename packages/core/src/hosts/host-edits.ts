import type { Db } from "@dockmaster/db";
import { AppError } from "../errors";
import { dropHostState } from "../fleet/snapshot-store";
import { recordHostHistory } from "./history";
import { serializeLabels, type HostLabels } from "./labels";

async function liveHost(db: Db, hostId: string) {
  const host = await db.host.findFirst({ where: { id: hostId, revokedAt: null }, select: { id: true, name: true, labels: true, groupId: true } });
  if (!host) throw new AppError("NOT_FOUND", `host ${hostId} not found`);
  return host;
}

/** Renames a host; the history keeps the old name. */
export async function renameHost(db: Db, hostId: string, name: string): Promise<{ id: string; name: string; previous: string }> {
  const host = await liveHost(db, hostId);
  if (host.name === name) return { id: host.id, name, previous: host.name };
  await db.$transaction(async (tx) => {
    await tx.host.update({ where: { id: hostId }, data: { name } });
    await recordHostHistory(tx, hostId, "renamed", `${host.name} → ${name}`);
  });
  return { id: host.id, name, previous: host.name };
}

function describeLabels(labels: HostLabels): string {
  const text = Object.entries(labels).map(([k, v]) => (v ? `${k}=${v}` : k)).join(", ");
  return text || "(none)";
}

/** Replaces a host's labels (already validated by HostLabels). */
export async function setHostLabels(db: Db, hostId: string, labels: HostLabels): Promise<{ id: string; name: string }> {
  const host = await liveHost(db, hostId);
  const json = serializeLabels(labels);
  if (json === host.labels) return host;
  await db.$transaction(async (tx) => {
    await tx.host.update({ where: { id: hostId }, data: { labels: json } });
    await recordHostHistory(tx, hostId, "labels-changed", describeLabels(labels));
  });
  return host;
}

/** Puts a host in a host group (or none): grants on the group then reach it. */
export async function setHostGroup(db: Db, hostId: string, groupId: string | null): Promise<{ id: string; name: string }> {
  const host = await liveHost(db, hostId);
  const group = groupId ? await db.hostGroup.findUnique({ where: { id: groupId }, select: { name: true } }) : null;
  if (groupId && !group) throw new AppError("NOT_FOUND", `host group ${groupId} not found`);
  if (host.groupId === groupId) return host;
  await db.$transaction(async (tx) => {
    await tx.host.update({ where: { id: hostId }, data: { groupId } });
    await recordHostHistory(tx, hostId, "group-changed", group ? group.name : "(no group)");
  });
  return host;
}

/**
 * Removes a host for good: its row (so its secret stops working: the agent is refused), its
 * direct-engine definition, its state snapshot and the grants scoped to it. Its history and
 * engine events stay, as records of what happened; the history ends with "removed".
 */
export async function removeHost(db: Db, hostId: string): Promise<{ id: string; name: string }> {
  const host = await db.host.findUnique({ where: { id: hostId }, select: { id: true, name: true } });
  if (!host) throw new AppError("NOT_FOUND", `host ${hostId} not found`);
  await db.$transaction(async (tx) => {
    await dropHostState(tx, hostId);
    await tx.directEngine.deleteMany({ where: { hostId } });
    await tx.grant.deleteMany({ where: { scopeType: "host", scopeId: hostId } });
    await tx.host.delete({ where: { id: hostId } });
    await recordHostHistory(tx, hostId, "removed", host.name);
  });
  return host;
}
