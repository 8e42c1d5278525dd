import type { Pool, PoolClient } from "pg";
import type { Db } from "./client";

/** The pool Prisma's PostgreSQL adapter runs on (createDatabase owns it). */
export type PostgresPool = Pool;

const pools = new WeakMap<Db, PostgresPool>();

/** From now on, postgresPoolOf(db) answers this pool (client.ts). */
export function attachPostgresPool(db: Db, pool: PostgresPool): void {
  pools.set(db, pool);
}

/**
 * The PostgreSQL pool behind a Prisma client, for the hot write paths that skip Prisma (null on
 * SQLite). Why skip it: a 500-row INSERT through $executeRaw carries 5,500 parameters through
 * Prisma's query compiler and serializer; at 5,000 events/s that was a quarter of the server's main
 * thread. Such a path sends each column as one array parameter instead (`unnest`).
 */
export function postgresPoolOf(db: Db): PostgresPool | null {
  return pools.get(db) ?? null;
}

/** A DateTime as Prisma stores it on PostgreSQL: `timestamp(3)` without a zone, in UTC. */
export function postgresTimestamp(date: Date): string {
  return date.toISOString().slice(0, -1);
}

/** Runs `work` in one transaction on a pooled connection: committed if it resolves, rolled back if it throws. */
export async function postgresTransaction<T>(pool: PostgresPool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
