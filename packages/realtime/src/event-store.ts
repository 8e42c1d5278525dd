import { joinSql, postgresPoolOf, postgresTimestamp, postgresTransaction, rawSql, sql, sqliteDateTime, UnchangedRows, writeSteps, type Db, type DbTransaction, type PostgresPool, type SqliteConnection } from "@dockmaster/db";
import type { EngineEvent } from "@dockmaster/protocol";

/** Where a host's stored event log ends: its last seq, and the engine time to resume from. */
export interface Position {
  seq: number;
  timeNano: string | null;
}

export type EventRow = ReturnType<typeof toEventRow>;

/** Rows per INSERT statement through Prisma: 11 bound values each, well under SQLite's and PostgreSQL's limits. */
const ROWS_PER_INSERT = 500;

/** The stored columns of an event, in the order both write paths bind them. */
const EVENT_COLUMNS = ["hostId", "seq", "timeNano", "type", "action", "actorId", "actorName", "image", "attributes", "time", "receivedAt"] as const;
const INSERT_INTO = `INSERT INTO "EngineEvent" (${EVENT_COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES`;
const ON_CONFLICT = `ON CONFLICT ("hostId", "seq") DO NOTHING`;

const MOVE_HOST = `UPDATE "Host" SET "lastEventSeq" = ?, "lastEventTimeNano" = ?, "lastSeenAt" = ? WHERE "id" = ?`;
const INSERT_EVENT = `${INSERT_INTO} (${EVENT_COLUMNS.map(() => "?").join(", ")}) ${ON_CONFLICT}`;

/** An event row's values in EVENT_COLUMNS order; `time` and `receivedAt` as the path binds dates. */
function eventValues<D>(r: EventRow, date: (d: Date) => D, receivedAt: D): unknown[] {
  return [r.hostId, r.seq, r.timeNano, r.type, r.action, r.actorId, r.actorName, r.image, r.attributes, date(r.time), receivedAt];
}

/**
 * Stores one flush of the event writer in one transaction: moves the hosts' positions and inserts
 * their events. A host removed while its events were queued throws and rolls the whole flush back
 * (the agents resend; its batches are then refused as an unknown host). ON CONFLICT: a position read
 * before another instance stored the same seqs only makes the insert skip them.
 *
 * This is the control plane's hottest write path, so it skips Prisma (~1 ms of CPU per statement,
 * and far more for a statement with thousands of parameters): SQLite through writeSteps (the
 * server's writer thread, else the connection directly, with cached statements), PostgreSQL on
 * Prisma's pool with one array parameter per column (storeOnPostgres). Only SQLite while a Prisma
 * transaction is open on its connection, without a writer thread, goes through Prisma.
 */
export async function storeEvents(db: Db, connection: SqliteConnection | null, rows: EventRow[], moved: Map<string, Position>): Promise<void> {
  const now = new Date();
  const pool = postgresPoolOf(db);
  if (pool) return storeOnPostgres(pool, rows, moved, now);
  const at = sqliteDateTime(now);
  const hosts = [...moved];
  const direct = writeSteps(connection, [
    { sql: MOVE_HOST, rows: hosts.map(([id, p]) => [p.seq, p.timeNano, at, id]), mustChange: true },
    { sql: INSERT_EVENT, rows: rows.map((r) => eventValues(r, sqliteDateTime, at)) },
  ]);
  if (!direct) return db.$transaction((tx) => storeThroughPrisma(tx, rows, moved, now));
  await direct.catch((error: unknown) => {
    throw error instanceof UnchangedRows && error.step === 0 ? hostsRemoved(error.rows.map((i) => hosts[i]![0])) : error;
  });
}

const MOVE_HOSTS_PG = `UPDATE "Host" h SET "lastEventSeq" = m.seq, "lastEventTimeNano" = m.nano, "lastSeenAt" = $4::timestamp(3)
  FROM unnest($1::text[], $2::int[], $3::text[]) AS m(id, seq, nano) WHERE h."id" = m.id RETURNING h."id"`;
const INSERT_EVENTS_PG = `${INSERT_INTO.replace(" VALUES", "")} SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::timestamp(3)[], $11::timestamp(3)[]) ${ON_CONFLICT}`;

/** PostgreSQL: two statements whatever the number of events, each column one array parameter. */
async function storeOnPostgres(pool: PostgresPool, rows: EventRow[], moved: Map<string, Position>, now: Date): Promise<void> {
  const ids = [...moved.keys()];
  const positions = [...moved.values()];
  const at = postgresTimestamp(now);
  await postgresTransaction(pool, async (client) => {
    const updated = await client.query<{ id: string }>(MOVE_HOSTS_PG, [ids, positions.map((p) => p.seq), positions.map((p) => p.timeNano), at]);
    if (updated.rowCount !== ids.length) {
      const present = new Set(updated.rows.map((r) => r.id));
      throw hostsRemoved(ids.filter((id) => !present.has(id)));
    }
    const values = rows.map((r) => eventValues(r, postgresTimestamp, at));
    await client.query(INSERT_EVENTS_PG, EVENT_COLUMNS.map((_, column) => values.map((v) => v[column])));
  });
}

async function storeThroughPrisma(tx: DbTransaction, rows: EventRow[], moved: Map<string, Position>, now: Date): Promise<void> {
  const ids = [...moved.keys()];
  const seqCase = joinSql([...moved].map(([id, p]) => sql`WHEN ${id} THEN CAST(${p.seq} AS INTEGER)`), " ");
  const timeCase = joinSql([...moved].map(([id, p]) => sql`WHEN ${id} THEN ${p.timeNano}`), " ");
  const updated = await tx.$executeRaw(
    sql`UPDATE "Host" SET "lastEventSeq" = CASE "id" ${seqCase} END, "lastEventTimeNano" = CASE "id" ${timeCase} END, "lastSeenAt" = ${now} WHERE "id" IN (${joinSql(ids)})`,
  );
  if (updated !== ids.length) {
    const present = new Set((await tx.host.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((h) => h.id));
    throw hostsRemoved(ids.filter((id) => !present.has(id)));
  }
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const values = rows.slice(i, i + ROWS_PER_INSERT).map((r) => sql`(${joinSql(eventValues(r, (d) => d, now))})`);
    await tx.$executeRaw(sql`${rawSql(INSERT_INTO)} ${joinSql(values)} ${rawSql(ON_CONFLICT)}`);
  }
}

function hostsRemoved(ids: string[]): Error {
  return new Error(`hosts removed while their events were queued: ${ids.join(", ")}`);
}

export function toEventRow(hostId: string, e: EngineEvent) {
  return {
    hostId,
    seq: e.seq,
    timeNano: e.timeNano,
    type: e.type,
    action: e.action,
    actorId: e.actorId,
    actorName: e.actorAttributes.name ?? "",
    // What the image filter of the events history matches: an image event's reference, a container's image.
    image: (e.type === "image" ? e.actorAttributes.name : e.type === "container" ? e.actorAttributes.image : undefined) ?? "",
    attributes: JSON.stringify(e.actorAttributes),
    time: new Date(Number(BigInt(e.timeNano) / 1_000_000n)),
  };
}
