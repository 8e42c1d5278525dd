import type BetterSqlite3 from "better-sqlite3";
import type { Db } from "./client";
import type { Sql } from "./sql";
import { UnchangedRows, type SqliteWriter, type WriteStep } from "./sqlite-writer";

/** The SQLite connection Prisma's adapter opened (better-sqlite3, synchronous). */
export type SqliteConnection = BetterSqlite3.Database;

/** A DateTime as Prisma's SQLite adapter stores it (ISO 8601 with an explicit offset), so Prisma reads it back. */
export function sqliteDateTime(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

const statements = new WeakMap<SqliteConnection, Map<string, BetterSqlite3.Statement>>();
/** Statement texts vary with list lengths (IN (…), multi-row VALUES): past this many, start afresh. */
const MAX_CACHED_STATEMENTS = 256;

/** A prepared statement, prepared once per connection (Prisma's adapter prepares on every call). */
export function prepared(connection: SqliteConnection, text: string): BetterSqlite3.Statement {
  let cache = statements.get(connection);
  if (!cache) statements.set(connection, (cache = new Map<string, BetterSqlite3.Statement>()));
  let statement = cache.get(text);
  if (!statement) {
    if (cache.size >= MAX_CACHED_STATEMENTS) cache.clear();
    cache.set(text, (statement = connection.prepare(text)));
  }
  return statement;
}

/** A bound value as better-sqlite3 takes it, written as Prisma's adapter would write it. */
function sqliteValue(value: unknown): unknown {
  if (value instanceof Date) return sqliteDateTime(value);
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

/**
 * Runs SQL statements (tagged `sql`, written for both SQLite and PostgreSQL) in one transaction:
 * on SQLite without Prisma when it can (writeSteps), else as one Prisma batch transaction of raw
 * statements. Returns each statement's count of changed rows.
 */
export async function executeStatements(db: Db, connection: SqliteConnection | null, statements: Sql[]): Promise<number[]> {
  const direct = writeSteps(connection, statements.map((s) => ({ sql: s.sql, rows: [s.values.map(sqliteValue)] })));
  if (direct) return (await direct).map(([changes]) => changes!);
  return db.$transaction(statements.map((s) => db.$executeRaw(s)));
}

const writers = new WeakMap<SqliteConnection, SqliteWriter>();

/** From now on, writeSteps on this connection runs on this writer thread (client.ts). */
export function attachWriter(connection: SqliteConnection, writer: SqliteWriter): void {
  writers.set(connection, writer);
}

/**
 * Runs write steps (sqlite-writer.ts) in one transaction without Prisma: on the connection's
 * writer thread when it has a live one, else directly on the connection (synchronously, see
 * directSqliteTransaction). `undefined` when neither can: the caller goes through Prisma. Values
 * must already be as SQLite stores them (sqliteDateTime for dates). A `mustChange` step that
 * changes nothing for a row rejects with UnchangedRows, and nothing of the job is written.
 */
export function writeSteps(connection: SqliteConnection | null, steps: WriteStep[]): Promise<number[][]> | undefined {
  const writer = connection ? writers.get(connection) : undefined;
  if (writer?.alive) return writer.write(steps);
  try {
    const changes = directSqliteTransaction(connection, (c) =>
      steps.map((step, index) => {
        const statement = prepared(c, step.sql);
        const changes = step.rows.map((row) => statement.run(...row).changes);
        const unchanged = step.mustChange ? changes.flatMap((n, i) => (n === 0 ? [i] : [])) : [];
        if (unchanged.length > 0) throw new UnchangedRows(index, unchanged);
        return changes;
      }),
    );
    return changes && Promise.resolve(changes);
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/**
 * Reads rows with one statement (tagged `sql`): directly on SQLite's connection when no Prisma
 * transaction is open on it, else through Prisma. For hot reads (the fleet page reads the whole host
 * list on every page: Prisma spent ~5 ms mapping 1,000 rows that SQLite returns in 1). Rows come as
 * SQLite gives them: DateTimes as ISO text, booleans as 0/1, counts as numbers.
 */
export async function queryRows<T>(db: Db, connection: SqliteConnection | null, statement: Sql): Promise<T[]> {
  if (!connection || !connection.open || connection.inTransaction) return db.$queryRaw<T[]>(statement);
  return prepared(connection, statement.sql).all(...statement.values.map(sqliteValue)) as T[];
}

/**
 * Runs `work` in its own transaction directly on Prisma's SQLite connection, skipping Prisma's
 * per-statement cost (about 1 ms of CPU for a raw statement, ten times what SQLite itself needs) on
 * the few hot write paths that need it. Safe because everything here is synchronous: the
 * transaction begins and commits within one turn of the event loop, so no Prisma query can run
 * inside it. Returns `undefined` without running `work` when that is impossible — no connection yet
 * (Prisma connects on its first query) or a Prisma transaction is open on the connection (its
 * statements would then become ours, and its rollback would undo ours); the caller then goes
 * through Prisma.
 */
export function directSqliteTransaction<T>(connection: SqliteConnection | null, work: (connection: SqliteConnection) => T): T | undefined {
  if (!connection || !connection.open || connection.inTransaction) return undefined;
  return connection.transaction(() => work(connection))();
}
