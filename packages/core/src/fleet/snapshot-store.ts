import { emptySql, executeStatements, joinSql, rawSql, sql, type Db, type DbTransaction, type Sql, type SqliteConnection } from "@dockmaster/db";
import type { HostStateDelta, HostStateFull, SnapshotInfo } from "@dockmaster/protocol";
import { snapshotRow, uniqueById } from "./snapshot-rows";

/*
 * The control plane's copy of each host's state (SnapshotContainer rows + one HostSnapshot), kept
 * by the agent's state sync: a full state replaces it in one transaction, a delta patches it. The
 * host's counts follow in the same transaction, so the inventory and the fleet pages agree.
 *
 * Written as plain SQL statements (valid on SQLite and PostgreSQL) run by executeStatements: on
 * SQLite directly on the connection when it can. Why: a delta through Prisma's query builder was
 * seven statements at ~1 ms of CPU each, run in one go without yielding — the control plane could
 * not relay an event meanwhile (the events bench's latency tail); directly it is ~0.1 ms.
 */

/** Rows per INSERT: 13 bound values each, well under SQLite's and PostgreSQL's limits. */
const ROWS_PER_INSERT = 500;

const CONTAINER_COLUMNS = ["hostId", "containerId", "name", "image", "imageId", "state", "status", "command", "ports", "labels", "composeProject", "created", "updatedAt"] as const;
const CONTAINER_FIELDS = CONTAINER_COLUMNS.filter((c) => c !== "hostId" && c !== "containerId");
const quoted = (columns: readonly string[]) => rawSql(columns.map((c) => `"${c}"`).join(", "));

function insertContainers(rows: Array<ReturnType<typeof snapshotRow>>, now: Date, upsert: boolean): Sql[] {
  const statements: Sql[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const values = rows.slice(i, i + ROWS_PER_INSERT).map((r) => sql`(${joinSql(CONTAINER_COLUMNS.map((c) => (c === "updatedAt" ? now : r[c])))})`);
    const onConflict = upsert ? rawSql(` ON CONFLICT ("hostId", "containerId") DO UPDATE SET ${CONTAINER_FIELDS.map((c) => `"${c}" = excluded."${c}"`).join(", ")}`) : emptySql;
    statements.push(sql`INSERT INTO "SnapshotContainer" (${quoted(CONTAINER_COLUMNS)}) VALUES ${joinSql(values)}${onConflict}`);
  }
  return statements;
}

/** Creates or updates the host's HostSnapshot with the lists given (the others keep their value or default). */
function upsertLists(hostId: string, lists: Partial<Record<"info" | "images" | "networks" | "volumes", string>>, now: Date): Sql[] {
  const columns = Object.keys(lists) as Array<keyof typeof lists>;
  if (columns.length === 0) return [];
  return [
    sql`INSERT INTO "HostSnapshot" (${quoted(["hostId", ...columns, "updatedAt"])}) VALUES (${joinSql([hostId, ...columns.map((c) => lists[c]), now])}) ON CONFLICT ("hostId") DO UPDATE SET ${rawSql([...columns, "updatedAt"].map((c) => `"${c}" = excluded."${c}"`).join(", "))}`,
  ];
}

/** The host's container counts recounted from its rows, plus what the state carried. */
function updateCounts(hostId: string, now: Date, extra: { imageCount?: number; info?: SnapshotInfo; synced?: boolean }): Sql {
  const set: Sql[] = [
    sql`"containerCount" = (SELECT COUNT(*) FROM "SnapshotContainer" WHERE "hostId" = ${hostId})`,
    sql`"runningCount" = (SELECT COUNT(*) FROM "SnapshotContainer" WHERE "hostId" = ${hostId} AND "state" = 'running')`,
    sql`"updatedAt" = ${now}`,
  ];
  if (extra.imageCount !== undefined) set.push(sql`"imageCount" = ${extra.imageCount}`);
  if (extra.info) set.push(sql`"cpus" = ${extra.info.cpus}`, sql`"memoryBytes" = ${BigInt(Math.round(extra.info.memTotal))}`);
  if (extra.synced) set.push(sql`"syncedAt" = ${now}`);
  return sql`UPDATE "Host" SET ${joinSql(set)} WHERE "id" = ${hostId}`;
}

/** Replaces everything known about the host with `state`. `sqlite`: the direct path's connection, if any. */
export async function replaceHostState(db: Db, hostId: string, state: HostStateFull, sqlite: SqliteConnection | null = null): Promise<void> {
  const now = new Date();
  const rows = uniqueById(state.containers).map((c) => snapshotRow(hostId, c));
  const lists = { info: JSON.stringify(state.info), images: JSON.stringify(state.images), networks: JSON.stringify(state.networks), volumes: JSON.stringify(state.volumes) };
  await executeStatements(db, sqlite, [
    sql`DELETE FROM "SnapshotContainer" WHERE "hostId" = ${hostId}`,
    ...insertContainers(rows, now, false),
    ...upsertLists(hostId, lists, now),
    updateCounts(hostId, now, { imageCount: state.images.length, info: state.info, synced: true }),
  ]);
}

/** Applies container upserts/removals and replaces the lists the delta carries. */
export async function applyHostDelta(db: Db, hostId: string, delta: HostStateDelta, sqlite: SqliteConnection | null = null): Promise<void> {
  const now = new Date();
  const lists = {
    ...(delta.images && { images: JSON.stringify(delta.images) }),
    ...(delta.networks && { networks: JSON.stringify(delta.networks) }),
    ...(delta.volumes && { volumes: JSON.stringify(delta.volumes) }),
  };
  await executeStatements(db, sqlite, [
    ...(delta.remove.length > 0 ? [sql`DELETE FROM "SnapshotContainer" WHERE "hostId" = ${hostId} AND "containerId" IN (${joinSql(delta.remove)})`] : []),
    ...insertContainers(uniqueById(delta.upsert).map((c) => snapshotRow(hostId, c)), now, true),
    ...upsertLists(hostId, lists, now),
    updateCounts(hostId, now, { imageCount: delta.images?.length }),
  ]);
}

/** Forgets a removed host's snapshot (in the caller's transaction: host removal). */
export async function dropHostState(db: Db | DbTransaction, hostId: string): Promise<void> {
  await db.snapshotContainer.deleteMany({ where: { hostId } });
  await db.hostSnapshot.deleteMany({ where: { hostId } });
}

/**
 * Rows written before the composeProject column existed have it NULL until their host sends a full
 * state again, so an offline host's stacks showed no containers. Fills it from the stored labels
 * (once at start; idempotent, so several instances may run it), a page of rows at a time in
 * (hostId, containerId) order. Returns how many rows it filled.
 */
export async function backfillComposeProjects(db: Db, pageSize = 500): Promise<number> {
  let filled = 0;
  let after: { hostId: string; containerId: string } | undefined;
  for (;;) {
    // Keyset paging, not a Prisma cursor: the previous page's last row no longer matches the filter once filled.
    const rest = after ? { OR: [{ hostId: { gt: after.hostId } }, { hostId: after.hostId, containerId: { gt: after.containerId } }] } : {};
    const rows = await db.snapshotContainer.findMany({
      where: { composeProject: null, labels: { contains: `"com.docker.compose.project"` }, ...rest },
      select: { hostId: true, containerId: true, labels: true },
      orderBy: [{ hostId: "asc" }, { containerId: "asc" }],
      take: pageSize,
    });
    const updates = rows.flatMap((row) => {
      const project = composeProjectOf(row.labels);
      return project ? [db.snapshotContainer.updateMany({ where: { hostId: row.hostId, containerId: row.containerId, composeProject: null }, data: { composeProject: project } })] : [];
    });
    if (updates.length > 0) filled += (await db.$transaction(updates)).reduce((n, r) => n + r.count, 0);
    if (rows.length < pageSize) return filled;
    const last = rows.at(-1)!;
    after = { hostId: last.hostId, containerId: last.containerId };
  }
}

function composeProjectOf(labels: string): string | null {
  try {
    const project = (JSON.parse(labels) as Record<string, unknown>)["com.docker.compose.project"];
    return typeof project === "string" && project !== "" ? project : null;
  } catch {
    return null; // not JSON: left as it is until the host resyncs
  }
}
