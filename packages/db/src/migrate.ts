import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Sqlite from "better-sqlite3";
import pg from "pg";
import { parseDatabaseUrl, type DbProvider } from "./url";

const MIGRATIONS_ROOT = fileURLToPath(new URL("../../../prisma/migrations/", import.meta.url));
// Any fixed number: control-plane instances starting together take turns.
const MIGRATION_LOCK = 7_301_000;

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** The committed migrations of a provider, in order. */
export function committedMigrations(provider: DbProvider): Migration[] {
  const dir = join(MIGRATIONS_ROOT, provider);
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

function pending(all: Migration[], applied: Array<{ name: string; checksum: string }>): Migration[] {
  const done = new Map(applied.map((a) => [a.name, a.checksum]));
  for (const m of all) {
    const checksum = done.get(m.name);
    if (checksum && checksum !== m.checksum) {
      throw new Error(`migration ${m.name} was changed after it was applied (checksum mismatch); restore it and add a new migration instead`);
    }
  }
  return all.filter((m) => !done.has(m.name));
}

const LEDGER = `CREATE TABLE IF NOT EXISTS "_dockmaster_migrations" ("name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "applied_at" TEXT NOT NULL)`;

function migrateSqlite(file: string, all: Migration[]): string[] {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const db = new Sqlite(file);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("busy_timeout = 5000");
    db.exec(LEDGER);
    const todo = pending(all, db.prepare(`SELECT "name", "checksum" FROM "_dockmaster_migrations"`).all() as Migration[]);
    for (const m of todo) {
      db.transaction(() => {
        db.exec(m.sql);
        db.prepare(`INSERT INTO "_dockmaster_migrations" VALUES (?, ?, ?)`).run(m.name, m.checksum, new Date().toISOString());
      }).immediate();
    }
    return todo.map((m) => m.name);
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string, all: Migration[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query(LEDGER);
    const { rows } = await client.query<{ name: string; checksum: string }>(`SELECT "name", "checksum" FROM "_dockmaster_migrations"`);
    const todo = pending(all, rows);
    for (const m of todo) {
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(`INSERT INTO "_dockmaster_migrations" VALUES ($1, $2, $3)`, [m.name, m.checksum, new Date().toISOString()]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${m.name} failed: ${(error as Error).message}`);
      }
    }
    return todo.map((m) => m.name);
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}

/**
 * Applies the committed migrations not yet applied, each in its own transaction, recorded with
 * its checksum. Idempotent. Returns the names applied now.
 */
export async function migrate(url: string): Promise<string[]> {
  const target = parseDatabaseUrl(url);
  const all = committedMigrations(target.provider);
  return target.provider === "sqlite" ? migrateSqlite(target.file, all) : migratePostgres(target.url, all);
}
