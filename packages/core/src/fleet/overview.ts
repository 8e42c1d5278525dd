import { joinSql, queryRows, rawSql, sql, type Db, type DbProvider, type Prisma, type SqliteConnection } from "@dockmaster/db";
import { can, type Actor } from "../authz/can";
import type { Permission } from "../authz/catalogue";
import { statusOf } from "../updates/status";
import type { SnapshotImage } from "../updates/fleet-tags";
import { hostClause, readHostFacts, type HostFacts, type Read } from "./container-query";
import { anyProblemCondition, CONTAINER_PROBLEMS, problemCondition, problemOf, type ContainerProblem } from "./problems";

/*
 * The fleet overview (the home page): one read of everything a person wants to see first, from
 * the database only — the hosts' snapshots, operations, the audit trail, alerts and the update
 * check cache — so 1,000 hosts answer as fast as one and an offline host counts with its
 * last-known state. Each section is computed over the hosts the actor holds its permission on, and
 * is null when they hold it nowhere: a viewer scoped to some hosts sees only their figures.
 */

/** Failures, operations and denials listed (the figures count them all). */
const RECENT = 8;
/** Hosts shown in the disk chart: the fullest. */
const DISK_HOSTS = 10;
/** "Recent" for counts of failed operations and denials. */
const DAY_MS = 24 * 60 * 60 * 1000;

export interface OverviewHost {
  id: string;
  name: string;
  status: string;
}

export interface FleetOverview {
  hosts: { total: number; online: number; offline: number; degraded: number; attention: OverviewHost[] };
  containers: { total: number; byState: Record<string, number> } | null;
  failures: { counts: Record<ContainerProblem, number>; recent: Array<{ hostId: string; hostName: string; id: string; name: string; state: string; status: string; problem: ContainerProblem; at: Date }> } | null;
  disk: { hostsCounted: number; totalBytes: number; reclaimableBytes: number; hosts: Array<{ hostId: string; hostName: string; imagesBytes: number; volumesBytes: number; reclaimableBytes: number }> } | null;
  updates: { checked: boolean; containers: number; images: number } | null;
  operations: { failedLastDay: number; recent: Array<{ id: string; hostId: string; hostName: string; action: string; targetName: string | null; status: string; error: string | null; actorName: string | null; createdAt: Date }> };
  denials: { lastDay: number; recent: Array<{ seq: number; time: Date; actorName: string | null; action: string; hostId: string | null; error: string | null }> } | null;
  alerts: { open: number; recent: Array<{ id: string; kind: string; hostId: string | null; subject: string; message: string; count: number; lastAt: Date }> } | null;
}

type Visible = { hosts: HostFacts[]; ids: Set<string> };

/** Prisma's where on a hostId column for a set of hosts: the shorter of IN and NOT IN (SQLite's parameter limit). */
function hostWhere(v: Visible, every: readonly string[]): { hostId?: Prisma.StringFilter } {
  const others = every.filter((id) => !v.ids.has(id));
  if (others.length === 0) return {};
  return v.ids.size <= others.length ? { hostId: { in: [...v.ids] } } : { hostId: { notIn: others } };
}

interface ContainerFigures {
  containers: NonNullable<FleetOverview["containers"]>;
  failures: NonNullable<FleetOverview["failures"]>;
}

async function containerFigures(read: Read, v: Visible, every: readonly string[]): Promise<ContainerFigures> {
  const clause = hostClause(v.ids, every) ?? sql`1 = 1`;
  // One pass counts every problem; each SUM is named after its problem (constant text, never input).
  // One pass over the rows: counted per state, each problem summed alongside (named after it: constant text, never input).
  const sums = joinSql(CONTAINER_PROBLEMS.map((p) => sql`SUM(CASE WHEN ${problemCondition(p)} THEN 1 ELSE 0 END) AS ${rawSql(`"${p}"`)}`), ", ");
  const [states, recent] = await Promise.all([
    read<Record<string, number | bigint | string | null> & { state: string; n: number | bigint }>(sql`SELECT c."state" AS "state", COUNT(*) AS "n", ${sums} FROM "SnapshotContainer" c WHERE ${clause} GROUP BY c."state"`),
    read<{ hostId: string; containerId: string; name: string; state: string; status: string; updatedAt: Date | string }>(
      sql`SELECT c."hostId" AS "hostId", c."containerId" AS "containerId", c."name" AS "name", c."state" AS "state", c."status" AS "status", c."updatedAt" AS "updatedAt" FROM "SnapshotContainer" c WHERE ${clause} AND ${anyProblemCondition()} ORDER BY c."updatedAt" DESC, c."name" ASC LIMIT ${RECENT}`,
    ),
  ]);
  const problemCount = (p: ContainerProblem) => states.reduce((a, s) => a + Number(s[p] ?? 0), 0);
  const byState = Object.fromEntries(states.map((s) => [s.state, Number(s.n)]));
  const hostName = new Map(v.hosts.map((h) => [h.id, h.name]));
  return {
    containers: { total: Object.values(byState).reduce((a, b) => a + b, 0), byState },
    failures: {
      counts: Object.fromEntries(CONTAINER_PROBLEMS.map((p) => [p, problemCount(p)])) as Record<ContainerProblem, number>,
      recent: recent.map((r) => ({ hostId: r.hostId, hostName: hostName.get(r.hostId) ?? r.hostId, id: r.containerId, name: r.name, state: r.state, status: r.status, problem: problemOf(r) ?? "exited-nonzero", at: new Date(r.updatedAt) })),
    },
  };
}

type SizedImage = SnapshotImage & { size: number };
type SizedVolume = { size: number | null; containers: string[] };

/** A stored JSON list, tolerant of anything unreadable (an empty list). */
function parseList<T>(text: string | null | undefined, keep: (item: Record<string, unknown>) => T | null): T[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return [];
    return value.flatMap((item) => (item && typeof item === "object" ? [keep(item as Record<string, unknown>)].filter((x): x is T => x !== null) : []));
  } catch {
    return [];
  }
}

const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : []);
const asImage = (i: Record<string, unknown>): SizedImage | null =>
  typeof i.id === "string" ? { id: i.id, repoTags: strings(i.repoTags), repoDigests: strings(i.repoDigests), size: typeof i.size === "number" ? i.size : 0 } : null;
const asVolume = (v: Record<string, unknown>): SizedVolume => ({ size: typeof v.size === "number" ? v.size : null, containers: strings(v.containers) });

interface SnapshotLists {
  images: Map<string, SizedImage[]>;
  volumes: Map<string, SizedVolume[]>;
  inUse: Map<string, Set<string>>;
  /** Containers per (host, image id, reference) on the image-viewable hosts: what the update figure counts. */
  runs: Array<{ hostId: string; imageId: string; image: string; n: number | bigint }>;
}

/** The image and volume lists of the hosts asked for, and which image ids their containers run. */
async function snapshotLists(read: Read, images: Visible, volumes: Visible, every: readonly string[]): Promise<SnapshotLists> {
  const rows = await read<{ hostId: string; images: string; volumes: string }>(sql`SELECT "hostId", "images", "volumes" FROM "HostSnapshot"`);
  const runs =
    images.ids.size === 0
      ? []
      : await read<SnapshotLists["runs"][number]>(
          sql`SELECT c."hostId" AS "hostId", c."imageId" AS "imageId", c."image" AS "image", COUNT(*) AS "n" FROM "SnapshotContainer" c WHERE ${hostClause(images.ids, every) ?? sql`1 = 1`} GROUP BY c."hostId", c."imageId", c."image"`,
        );
  const inUse = new Map<string, Set<string>>();
  for (const u of runs) inUse.set(u.hostId, (inUse.get(u.hostId) ?? new Set()).add(u.imageId));
  const lists: SnapshotLists = { images: new Map(), volumes: new Map(), inUse, runs };
  for (const row of rows) {
    if (images.ids.has(row.hostId)) lists.images.set(row.hostId, parseList(row.images, asImage));
    if (volumes.ids.has(row.hostId)) lists.volumes.set(row.hostId, parseList(row.volumes, asVolume));
  }
  return lists;
}

/**
 * Disk use per host as its snapshot knows it: images (each image's size once; shared layers make
 * the engine's own figure a little smaller) and volumes (as measured by the engine's `system df`).
 * Reclaimable: images no container of the host runs, volumes no container mounts — what an image
 * or volume prune would free.
 */
function diskFigures(lists: SnapshotLists, hostName: Map<string, string>): NonNullable<FleetOverview["disk"]> {
  const hostIds = new Set([...lists.images.keys(), ...lists.volumes.keys()]);
  const hosts = [...hostIds].map((hostId) => {
    const inUse = lists.inUse.get(hostId) ?? new Set<string>();
    let imagesBytes = 0;
    let volumesBytes = 0;
    let reclaimableBytes = 0;
    for (const image of lists.images.get(hostId) ?? []) {
      imagesBytes += image.size;
      if (!inUse.has(image.id)) reclaimableBytes += image.size;
    }
    for (const volume of lists.volumes.get(hostId) ?? []) {
      volumesBytes += volume.size ?? 0;
      if (volume.containers.length === 0) reclaimableBytes += volume.size ?? 0;
    }
    return { hostId, hostName: hostName.get(hostId) ?? hostId, imagesBytes, volumesBytes, reclaimableBytes };
  });
  hosts.sort((a, b) => b.imagesBytes + b.volumesBytes - (a.imagesBytes + a.volumesBytes) || a.hostName.localeCompare(b.hostName));
  return {
    hostsCounted: hosts.length,
    totalBytes: hosts.reduce((a, h) => a + h.imagesBytes + h.volumesBytes, 0),
    reclaimableBytes: hosts.reduce((a, h) => a + h.reclaimableBytes, 0),
    hosts: hosts.slice(0, DISK_HOSTS),
  };
}

/**
 * Updates available, from the check cache only (no registry asked): the same status the Updates
 * page shows, counted — containers per (host, image id, reference), images per tag.
 */
async function updateFigures(db: Db, lists: SnapshotLists, containersOn: Visible): Promise<NonNullable<FleetOverview["updates"]>> {
  const checks = await db.imageUpdateCheck.findMany({ select: { key: true, remoteDigest: true, error: true, checkedAt: true } });
  if (checks.length === 0) return { checked: false, containers: 0, images: 0 };
  const cache = new Map(checks.map((r) => [r.key, r]));
  const byId = new Map<string, SnapshotImage>();
  let images = 0;
  for (const [hostId, list] of lists.images) {
    for (const image of list) {
      byId.set(`${hostId} ${image.id}`, image);
      images += image.repoTags.filter((tag) => statusOf(tag, image, cache).state === "available").length;
    }
  }
  let containers = 0;
  for (const g of lists.runs) {
    if (containersOn.ids.has(g.hostId) && statusOf(g.image, byId.get(`${g.hostId} ${g.imageId}`), cache).state === "available") containers += Number(g.n);
  }
  return { checked: true, containers, images };
}

async function operationFigures(db: Db, v: Visible, every: readonly string[], since: Date): Promise<FleetOverview["operations"]> {
  if (v.ids.size === 0) return { failedLastDay: 0, recent: [] };
  const where = hostWhere(v, every);
  const [failedLastDay, recent] = await Promise.all([
    db.operation.count({ where: { ...where, status: "failed", createdAt: { gte: since } } }),
    db.operation.findMany({ where, orderBy: { createdAt: "desc" }, take: RECENT, select: { id: true, hostId: true, action: true, targetName: true, status: true, error: true, actorName: true, createdAt: true } }),
  ]);
  const hostName = new Map(v.hosts.map((h) => [h.id, h.name]));
  return { failedLastDay, recent: recent.map((o) => ({ ...o, hostName: hostName.get(o.hostId) ?? o.hostId })) };
}

async function denialFigures(db: Db, since: Date): Promise<NonNullable<FleetOverview["denials"]>> {
  const [lastDay, recent] = await Promise.all([
    db.auditEvent.count({ where: { result: "denied", time: { gte: since } } }),
    db.auditEvent.findMany({ where: { result: "denied" }, orderBy: { seq: "desc" }, take: RECENT, select: { seq: true, time: true, actorName: true, action: true, hostId: true, error: true } }),
  ]);
  return { lastDay, recent };
}

async function alertFigures(db: Db): Promise<NonNullable<FleetOverview["alerts"]>> {
  const [open, recent] = await Promise.all([
    db.alert.count({ where: { status: "open" } }),
    db.alert.findMany({ where: { status: "open" }, orderBy: { lastAt: "desc" }, take: RECENT, select: { id: true, kind: true, hostId: true, subject: true, message: true, count: true, lastAt: true } }),
  ]);
  return { open, recent };
}

/** The overview as `actor` may see it. */
export async function fleetOverview(db: Db, actor: Actor, _provider: DbProvider = "sqlite", connection: SqliteConnection | null = null, now = new Date()): Promise<FleetOverview> {
  const read: Read = (statement) => queryRows(db, connection, statement);
  const allHosts = await readHostFacts(read);
  const everyHost = allHosts.filter((h) => !h.revoked);
  // Every host id, revoked ones included: a host clause built from "all but these" must leave a
  // revoked host's last-known rows out too (else they count as soon as the caller sees every live host).
  const every = allHosts.map((h) => h.id);
  const viewable = everyHost.filter((h) => can(actor, "host.view", h.id));
  const holding = (permission: Permission): Visible => {
    const hosts = viewable.filter((h) => can(actor, permission, h.id));
    return { hosts, ids: new Set(hosts.map((h) => h.id)) };
  };
  const hostsVisible: Visible = { hosts: viewable, ids: new Set(viewable.map((h) => h.id)) };
  const containersOn = holding("container.view");
  const imagesOn = holding("image.view");
  const volumesOn = holding("volume.view");
  const since = new Date(now.getTime() - DAY_MS);
  const hostName = new Map(viewable.map((h) => [h.id, h.name]));

  const countOf = (status: string) => viewable.filter((h) => h.status === status).length;
  const attention = viewable
    .filter((h) => h.status !== "online")
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, RECENT)
    .map((h) => ({ id: h.id, name: h.name, status: h.status }));

  const [containerPart, lists, operations, denials, alerts] = await Promise.all([
    containersOn.ids.size > 0 ? containerFigures(read, containersOn, every) : null,
    imagesOn.ids.size + volumesOn.ids.size > 0 ? snapshotLists(read, imagesOn, volumesOn, every) : null,
    operationFigures(db, hostsVisible, every, since),
    can(actor, "audit.view") ? denialFigures(db, since) : null,
    can(actor, "alert.view") ? alertFigures(db) : null,
  ]);
  // Containers whose update status is counted: viewable as containers and their images viewable too.
  const updatesOn: Visible = { hosts: imagesOn.hosts.filter((h) => containersOn.ids.has(h.id)), ids: new Set([...imagesOn.ids].filter((id) => containersOn.ids.has(id))) };
  const updates = lists && imagesOn.ids.size > 0 ? await updateFigures(db, lists, updatesOn) : null;

  return {
    hosts: { total: viewable.length, online: countOf("online"), offline: countOf("offline"), degraded: countOf("degraded"), attention },
    containers: containerPart?.containers ?? null,
    failures: containerPart?.failures ?? null,
    disk: lists ? diskFigures(lists, hostName) : null,
    updates,
    operations,
    denials,
    alerts,
  };
}
