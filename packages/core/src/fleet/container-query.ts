import { joinSql, queryRows, rawSql, sql, type DbProvider, type Db, type Sql, type SqliteConnection } from "@dockmaster/db";
import { can, type Actor } from "../authz/can";
import { containsPattern, matchesHostLabel, parseLabelSelector, type FleetContainersQuery } from "./fleet-filter";
import { problemCondition } from "./problems";

export interface FleetContainerRow {
  hostId: string;
  hostName: string;
  /** online, offline (or another status the host inventory sets, e.g. degraded). */
  hostStatus: string;
  /** For an offline host: when its state was last known true (its agent was last heard); null while online. */
  knownAt: Date | null;
  id: string;
  name: string;
  image: string;
  state: string;
  status: string;
  /** When `status` was read from the engine (its "Up 5 seconds" was true then): the UI counts on from it. */
  statusAt: Date;
  ports: string;
  created: Date;
}

export interface FleetContainersPage {
  rows: FleetContainerRow[];
  total: number;
  page: number;
  pageSize: number;
}

export interface HostFacts {
  id: string;
  name: string;
  status: string;
  labels: string;
  groupId: string | null;
  lastSeenAt: Date | null;
  syncedAt: Date | null;
}

/** The fleet sorts SQL can read in index order (host is sorted per host: see hostSortedKeys). */
const ORDER: Record<Exclude<FleetContainersQuery["sort"], "host">, string> = {
  name: `c."name"`,
  state: `c."state"`,
  image: `c."image"`,
  created: `c."created"`,
};
/** After the sort key, the tie-break each sort's index ends in: pages never overlap. */
const TIE_BREAK: Record<keyof typeof ORDER, string[]> = {
  name: [`c."hostId"`, `c."containerId"`],
  state: [`c."name"`, `c."hostId"`, `c."containerId"`],
  image: [`c."name"`, `c."hostId"`, `c."containerId"`],
  created: [`c."hostId"`, `c."containerId"`],
};

/** The page's columns, read with the page itself (one query, not a second by primary key). */
type Key = { hostId: string; containerId: string; name: string; image: string; state: string; status: string; ports: string; created: Date | string; updatedAt: Date | string };
const COLUMNS = rawSql(["hostId", "containerId", "name", "image", "state", "status", "ports", "created", "updatedAt"].map((c) => `c."${c}" AS "${c}"`).join(", "));

type HostRow = Omit<HostFacts, "lastSeenAt" | "syncedAt"> & { lastSeenAt: Date | string | null; syncedAt: Date | string | null; revoked: number | boolean | bigint };
const asDate = (v: Date | string | null) => (v === null ? null : new Date(v));

/** Runs one read: on SQLite directly on Prisma's connection (queryRows), else through Prisma. */
export type Read = <T>(statement: Sql) => Promise<T[]>;

/**
 * Every host's facts the query needs, read on every page: raw SQL, directly on SQLite's connection
 * where there is one — Prisma's findMany took 14 ms on the bench's 1,000 hosts, its $queryRaw 5 ms,
 * SQLite itself 1 ms — the largest part of a page whose containers come from an index.
 */
export async function readHostFacts(read: Read): Promise<Array<HostFacts & { revoked: boolean }>> {
  const rows = await read<HostRow>(
    sql`SELECT "id", "name", "status", "labels", "groupId", "lastSeenAt", "syncedAt", ("revokedAt" IS NOT NULL) AS "revoked" FROM "Host"`,
  );
  return rows.map((h) => ({ ...h, lastSeenAt: asDate(h.lastSeenAt), syncedAt: asDate(h.syncedAt), revoked: Boolean(h.revoked) }));
}

/** The hosts whose containers this query may show: visible to the actor (host.view + container.view) and matching the host filters. */
function selectHosts(hosts: HostFacts[], actor: Actor, q: FleetContainersQuery): HostFacts[] {
  const only = q.hosts ? new Set(q.hosts) : null;
  return hosts.filter(
    (h) =>
      can(actor, "host.view", h.id) &&
      can(actor, "container.view", h.id) &&
      (!only || only.has(h.id)) &&
      (!q.hostGroupId || h.groupId === q.hostGroupId) &&
      (!q.hostLabel || matchesHostLabel(h.labels, q.hostLabel)),
  );
}

/** Case-insensitive "contains": SQLite's LIKE already ignores ASCII case (no per-row LOWER()); PostgreSQL needs ILIKE. */
const containsSql = (provider: DbProvider) => (column: string, needle: string) =>
  sql`${rawSql(column)} ${rawSql(provider === "postgresql" ? "ILIKE" : "LIKE")} ${containsPattern(needle)} ESCAPE '\\'`;

/**
 * Which hosts' rows: none of a clause when every host is in, else the shorter of "IN (selected)"
 * and "NOT IN (the others, revoked ones included)" — a long IN list would make the planner drive
 * the query by host and sort, instead of walking the sort's index.
 */
export function hostClause(selected: ReadonlySet<string>, everyHostId: readonly string[]): Sql | null {
  const others = everyHostId.filter((id) => !selected.has(id));
  if (others.length === 0) return null;
  return selected.size <= others.length ? sql`c."hostId" IN (${joinSql([...selected])})` : sql`c."hostId" NOT IN (${joinSql(others)})`;
}

/**
 * A container-label filter ("key" or "key=value") on the labels JSON text: a LIKE on the quoted
 * key first (cheap, and it rules out most rows), then the exact test through the database's JSON
 * functions (a key may contain dots, e.g. com.example.team).
 */
function labelCondition(selector: string, provider: DbProvider): Sql {
  const { key, value } = parseLabelSelector(selector);
  const mentionsKey = sql`c."labels" LIKE ${containsPattern(`${JSON.stringify(key)}:`)} ESCAPE '\\'`;
  if (provider === "postgresql") {
    const read = sql`(c."labels"::jsonb ->> ${key}::text)`;
    return value === undefined ? sql`(${mentionsKey} AND ${read} IS NOT NULL)` : sql`(${mentionsKey} AND ${read} = ${value})`;
  }
  const path = `$."${key}"`;
  return value === undefined ? sql`(${mentionsKey} AND json_type(c."labels", ${path}) IS NOT NULL)` : sql`(${mentionsKey} AND json_extract(c."labels", ${path}) = ${value})`;
}

/** The WHERE clause on SnapshotContainer c. */
function conditions(q: FleetContainersQuery, hosts: Sql | null, hostsNamed: string[], provider: DbProvider, only?: readonly string[]): Sql {
  const contains = containsSql(provider);
  const and: Sql[] = hosts ? [hosts] : [sql`1 = 1`];
  if (only) and.push(only.length > 0 ? sql`c."containerId" IN (${joinSql([...only])})` : sql`1 = 0`);
  if (q.states?.length) and.push(sql`c."state" IN (${joinSql(q.states)})`);
  if (q.problem) and.push(problemCondition(q.problem));
  if (q.image) and.push(contains(`c."image"`, q.image));
  if (q.name) and.push(contains(`c."name"`, q.name));
  if (q.label) and.push(labelCondition(q.label, provider));
  if (q.port) {
    const p = String(q.port);
    // "ip:public->private/type" or "private/type", comma separated
    and.push(sql`(c."ports" LIKE ${`%:${p}->%`} OR c."ports" LIKE ${`%->${p}/%`} OR c."ports" LIKE ${`${p}/%`} OR c."ports" LIKE ${`%, ${p}/%`})`);
  }
  if (q.search) {
    // Name and image always; the id and the ports only when the text could be one (each LIKE over
    // every row costs: a 64-character id most of all), so a plain word searches two columns.
    const any: Sql[] = [contains(`c."name"`, q.search), contains(`c."image"`, q.search)];
    if (/^[0-9a-f]{3,64}$/i.test(q.search)) any.push(sql`c."containerId" LIKE ${`${q.search.toLowerCase()}%`}`);
    if (/^[\d.:/>-]+$/.test(q.search) || /^\d+\/(tcp|udp|sctp)$/i.test(q.search)) any.push(contains(`c."ports"`, q.search));
    if (hostsNamed.length > 0) any.push(sql`c."hostId" IN (${joinSql(hostsNamed)})`);
    and.push(sql`(${joinSql(any, " OR ")})`);
  }
  return joinSql(and, " AND ");
}

/** The page's keys for a sort SQL reads in index order, and the total. */
async function indexSortedKeys(read: Read, q: FleetContainersQuery & { sort: keyof typeof ORDER }, where: Sql): Promise<{ keys: Key[]; total: number }> {
  const direction = q.direction === "desc" ? "DESC" : "ASC";
  // Every column in the index's direction, so the index is walked (backwards for desc), never sorted.
  const order = rawSql([ORDER[q.sort], ...TIE_BREAK[q.sort]].map((column) => `${column} ${direction}`).join(", "));
  const [keys, counted] = await Promise.all([
    read<Key>(sql`SELECT ${COLUMNS} FROM "SnapshotContainer" c WHERE ${where} ORDER BY ${order} LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`),
    read<{ total: number | bigint }>(sql`SELECT COUNT(*) AS "total" FROM "SnapshotContainer" c WHERE ${where}`),
  ]);
  return { keys, total: Number(counted[0]?.total ?? 0) };
}

/**
 * Sorted by host name: matching rows are counted per host (one indexed GROUP BY), the hosts put
 * in name order here, and only the hosts the page falls on are read, by (hostId, name) — no
 * join, and no sort of every matching row.
 */
async function hostSortedKeys(read: Read, q: FleetContainersQuery, where: Sql, hosts: readonly HostFacts[]): Promise<{ keys: Key[]; total: number }> {
  const counts = await read<{ hostId: string; n: number | bigint }>(sql`SELECT c."hostId" AS "hostId", COUNT(*) AS "n" FROM "SnapshotContainer" c WHERE ${where} GROUP BY c."hostId"`);
  const countOf = new Map(counts.map((c) => [c.hostId, Number(c.n)]));
  const sign = q.direction === "desc" ? -1 : 1;
  const ordered = hosts.filter((h) => countOf.has(h.id)).sort((a, b) => sign * (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const total = [...countOf.values()].reduce((a, b) => a + b, 0);
  const from = (q.page - 1) * q.pageSize;
  const covering: Array<{ hostId: string; skip: number; take: number }> = [];
  let seen = 0;
  for (const h of ordered) {
    const n = countOf.get(h.id)!;
    const start = Math.max(from - seen, 0);
    const take = Math.min(n - start, from + q.pageSize - seen - start);
    if (start < n && take > 0) covering.push({ hostId: h.id, skip: start, take });
    seen += n;
    if (seen >= from + q.pageSize) break;
  }
  const direction = q.direction === "desc" ? "DESC" : "ASC";
  const order = rawSql([`c."name"`, `c."containerId"`].map((column) => `${column} ${direction}`).join(", "));
  const perHost = await Promise.all(
    covering.map((c) =>
      read<Key>(sql`SELECT ${COLUMNS} FROM "SnapshotContainer" c WHERE ${where} AND c."hostId" = ${c.hostId} ORDER BY ${order} LIMIT ${c.take} OFFSET ${c.skip}`),
    ),
  );
  return { keys: perHost.flat(), total };
}

/**
 * One page of the containers of every host the actor may see, read from the hosts' snapshots
 * (never from the agents: an offline host answers with its last-known state, at once). Host
 * filters and authorization are decided in memory over the host list; the container filters,
 * the count and the ordered page are SQL over SnapshotContainer, walking the sort's index
 * (schema.prisma), and each row read with its page.
 */
export async function queryFleetContainers(db: Db, actor: Actor, q: FleetContainersQuery, provider: DbProvider = "sqlite", connection: SqliteConnection | null = null, only?: readonly string[]): Promise<FleetContainersPage> {
  const read: Read = (statement) => queryRows(db, connection, statement);
  const everyHost = await readHostFacts(read);
  const hosts = selectHosts(
    everyHost.filter((h) => !h.revoked),
    actor,
    q,
  );
  const empty: FleetContainersPage = { rows: [], total: 0, page: q.page, pageSize: q.pageSize };
  if (hosts.length === 0) return empty;

  const needle = q.search?.toLowerCase();
  const hostsNamed = needle ? hosts.filter((h) => h.name.toLowerCase().includes(needle)).map((h) => h.id) : [];
  const where = conditions(
    q,
    hostClause(
      new Set(hosts.map((h) => h.id)),
      everyHost.map((h) => h.id),
    ),
    hostsNamed,
    provider,
    only,
  );
  const { keys, total } = q.sort === "host" ? await hostSortedKeys(read, q, where, hosts) : await indexSortedKeys(read, { ...q, sort: q.sort }, where);
  if (keys.length === 0) return { ...empty, total };

  const hostById = new Map(hosts.map((h) => [h.id, h]));
  return {
    rows: keys.flatMap((r) => {
      const h = hostById.get(r.hostId);
      if (!h) return [];
      const online = h.status === "online";
      return [{ hostId: h.id, hostName: h.name, hostStatus: h.status, knownAt: online ? null : (h.lastSeenAt ?? h.syncedAt), id: r.containerId, name: r.name, image: r.image, state: r.state, status: r.status, statusAt: new Date(r.updatedAt), ports: r.ports, created: new Date(r.created) }];
    }),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}
