// Our own migration runner (Prisma's `migrate deploy` cannot be used offline here): applies the
// committed prisma/migrations/<provider>/<timestamp>_<name>/migration.sql files in order, each in
// its own transaction, recorded with its SHA-256 in "_dockmaster_migrations". Idempotent; refuses
// when an applied migration's file changed. Importing this module connects to nothing.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Sqlite from "better-sqlite3";
import pg from "pg";
import { parseDatabaseUrl, redactDatabaseUrl, type DbProvider } from "./url";

/** prisma/migrations at the repository root, found from this file (not from the cwd). */
export const MIGRATIONS_ROOT = fileURLToPath(new URL("../../../prisma/migrations/", import.meta.url));
export const MIGRATIONS_TABLE = "_dockmaster_migrations";
// Any fixed number: control-plane instances starting together take turns (PostgreSQL).
const MIGRATION_LOCK = 7_301_000;

export interface Migration {
  name: string;
  sql: string;
  /** SHA-256 hex of migration.sql (line endings normalised to \n). */
  checksum: string;
}

export interface MigrateOptions {
  /** The provider's migrations directory; default prisma/migrations/<provider>. For tests. */
  migrationsDir?: string;
}

export function checksumOf(sql: string): string {
  return createHash("sha256").update(sql.replace(/\r\n/g, "\n")).digest("hex");
}

/** The committed migrations of a provider, oldest first (directory names sort by timestamp). */
export function committedMigrations(provider: DbProvider, migrationsDir = join(MIGRATIONS_ROOT, provider)): Migration[] {
  if (!existsSync(migrationsDir)) throw new Error(`migrations directory not found: ${migrationsDir}`);
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(migrationsDir, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(migrationsDir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: checksumOf(sql) };
    });
}

/** The migrations still to apply; throws when an applied one's file changed since. */
export function pendingMigrations(all: Migration[], applied: ReadonlyArray<{ name: string; checksum: string }>): Migration[] {
  const done = new Map(applied.map((a) => [a.name, a.checksum]));
  for (const m of all) {
    const checksum = done.get(m.name);
    if (checksum !== undefined && checksum !== m.checksum) {
      throw new Error(
        `migration ${m.name} was changed after it was applied (checksum ${checksum.slice(0, 12)}… in the database, ${m.checksum.slice(0, 12)}… on disk): ` +
          "restore the committed file and put the change in a new migration (npm run db:new-migration -- <name>)",
      );
    }
  }
  return all.filter((m) => !done.has(m.name));
}

const LEDGER = `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" ("name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "applied_at" TEXT NOT NULL)`;
const failed = (m: Migration, error: unknown) => new Error(`migration ${m.name} failed (rolled back): ${error instanceof Error ? error.message : String(error)}`);

function migrateSqlite(file: string, all: Migration[]): string[] {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const db = new Sqlite(file, { timeout: 15_000 });
  try {
    db.pragma("journal_mode = WAL");
    // Off for the whole run (it cannot change inside a transaction): SQLite table rebuilds
    // (Prisma's RedefineTables: copy, DROP, rename) would otherwise fire ON DELETE CASCADE on
    // DROP TABLE. The integrity is checked with foreign_key_check before each commit instead.
    db.pragma("foreign_keys = OFF");
    db.exec(LEDGER);
    const ledger = () => db.prepare(`SELECT "name", "checksum" FROM "${MIGRATIONS_TABLE}"`).all() as Array<{ name: string; checksum: string }>;
    const applied: string[] = [];
    for (const m of pendingMigrations(all, ledger())) {
      try {
        // IMMEDIATE: takes the write lock first, so a second process waits and then skips.
        db.transaction(() => {
          if (db.prepare(`SELECT 1 FROM "${MIGRATIONS_TABLE}" WHERE "name" = ?`).get(m.name)) return;
          db.exec(m.sql);
          const violations = db.prepare("PRAGMA foreign_key_check").all() as Array<{ table: string; parent: string }>;
          if (violations.length) throw new Error(`foreign key violations: ${violations.slice(0, 5).map((v) => `${v.table} -> ${v.parent}`).join(", ")}`);
          db.prepare(`INSERT INTO "${MIGRATIONS_TABLE}" ("name", "checksum", "applied_at") VALUES (?, ?, ?)`).run(m.name, m.checksum, new Date().toISOString());
          applied.push(m.name);
        }).immediate();
      } catch (error) {
        throw failed(m, error);
      }
    }
    return applied;
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string, all: Migration[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: url, application_name: "dockmaster-migrate" });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`cannot connect to ${redactDatabaseUrl(url)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    // Session-level lock: a second instance waits here until the first one is done.
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query(LEDGER);
    const { rows } = await client.query<{ name: string; checksum: string }>(`SELECT "name", "checksum" FROM "${MIGRATIONS_TABLE}"`);
    const todo = pendingMigrations(all, rows);
    for (const m of todo) {
      await client.query("BEGIN");
      try {
        await client.query(m.sql); // simple query protocol: several statements at once
        await client.query(`INSERT INTO "${MIGRATIONS_TABLE}" ("name", "checksum", "applied_at") VALUES ($1, $2, $3)`, [m.name, m.checksum, new Date().toISOString()]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw failed(m, error);
      }
    }
    return todo.map((m) => m.name);
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

/**
 * Applies the committed migrations of the URL's provider that are not applied yet, each in its
 * own transaction. Idempotent. Returns the names of the migrations applied by this call.
 */
export async function migrate(url: string, options: MigrateOptions = {}): Promise<string[]> {
  const target = parseDatabaseUrl(url);
  const all = committedMigrations(target.provider, options.migrationsDir);
  if (all.length === 0) throw new Error(`no migrations found for ${target.provider}`);
  return target.provider === "sqlite" ? migrateSqlite(target.file, all) : migratePostgres(target.url, all);
}
