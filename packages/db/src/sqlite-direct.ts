import type BetterSqlite3 from "better-sqlite3";

/** The SQLite connection Prisma's adapter opened (better-sqlite3, synchronous). */
export type SqliteConnection = BetterSqlite3.Database;

/** A DateTime as Prisma's SQLite adapter stores it (ISO 8601 with an explicit offset), so Prisma reads it back. */
export function sqliteDateTime(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

const statements = new WeakMap<SqliteConnection, Map<string, BetterSqlite3.Statement>>();

/** A prepared statement, prepared once per connection (Prisma's adapter prepares on every call). */
export function prepared(connection: SqliteConnection, text: string): BetterSqlite3.Statement {
  let cache = statements.get(connection);
  if (!cache) statements.set(connection, (cache = new Map<string, BetterSqlite3.Statement>()));
  let statement = cache.get(text);
  if (!statement) cache.set(text, (statement = connection.prepare(text)));
  return statement;
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
