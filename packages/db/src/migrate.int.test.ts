// Integration: the migration runner and the client on a real SQLite file and a real PostgreSQL.
// PostgreSQL: DOCKMASTER_TEST_PG_URL must point at a server where the user may CREATE DATABASE:
//   export DOCKMASTER_TEST_PG_URL=$(scripts/pg-test-cluster.sh start)
// (npm run test:integration sets it up through scripts/with-postgres.sh).
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabase } from "./client";
import { committedMigrations, migrate, MIGRATIONS_ROOT, MIGRATIONS_TABLE } from "./migrate";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "dm-db-"));
  dirs.push(dir);
  return dir;
}

/** A copy of a provider's committed migrations whose last migration.sql has been edited. */
function tamperedCopy(provider: "sqlite" | "postgresql"): string {
  const copy = join(tempDir(), provider);
  cpSync(join(MIGRATIONS_ROOT, provider), copy, { recursive: true });
  const last = committedMigrations(provider).at(-1)!;
  writeFileSync(join(copy, last.name, "migration.sql"), `${last.sql}\n-- edited after the fact\n`);
  return copy;
}

/** Writes User/Host/AuditEvent/Session/EngineEvent rows through the real client and reads them back. */
async function roundTrip(url: string) {
  const database = createDatabase(url);
  try {
    const db = database.prisma;
    const user = await db.user.create({ data: { username: `u-${Date.now()}`, passwordHash: "argon2id$x" } });
    expect(user).toMatchObject({ disabledAt: null });
    expect(user.createdAt).toBeInstanceOf(Date);

    const host = await db.host.create({ data: { name: "h1", labels: JSON.stringify({ env: "test" }) } });
    const readHost = await db.host.findUniqueOrThrow({ where: { id: host.id } });
    expect(readHost).toMatchObject({ name: "h1", status: "offline", lastEventSeq: 0, revokedAt: null });
    expect(JSON.parse(readHost.labels)).toEqual({ env: "test" });

    const time = new Date("2026-01-02T03:04:05.678Z");
    await db.auditEvent.create({
      data: { seq: 1, time, actorType: "user", actorId: user.id, action: "hosts.create", hostId: host.id, result: "ok", durationMs: 12, prevHash: "0".repeat(64), hash: "a".repeat(64) },
    });
    // The defaults (autoincrement seq, now() time) are a fallback; core assigns both itself.
    const defaulted = await db.auditEvent.create({ data: { seq: 2, actorType: "system", action: "x", result: "error", error: "boom", prevHash: "a".repeat(64), hash: "b".repeat(64) } });
    expect(defaulted.time).toBeInstanceOf(Date);
    const events = await db.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(events.map((e) => e.seq)).toEqual([1, 2]);
    expect(events[0]).toMatchObject({ time, actorId: user.id, params: "{}", durationMs: 12, hostId: host.id, error: null });

    await db.session.create({ data: { id: "f".repeat(64), userId: user.id, expiresAt: new Date(Date.now() + 60_000), ip: "127.0.0.1" } });
    await db.engineEvent.create({ data: { hostId: host.id, seq: 1, timeNano: "1700000000000000000", type: "container", action: "start", actorId: "c1", attributes: "{}" } });
    await expect(db.engineEvent.create({ data: { hostId: host.id, seq: 1, timeNano: "2", type: "container", action: "die", actorId: "c1", attributes: "{}" } })).rejects.toThrow();

    const found = await db.user.findUniqueOrThrow({ where: { id: user.id }, include: { sessions: true } });
    expect(found.sessions).toHaveLength(1);
    await db.user.delete({ where: { id: user.id } });
    expect(await db.session.count()).toBe(0); // ON DELETE CASCADE (foreign keys are on)
  } finally {
    await database.close();
  }
}

describe("SQLite", () => {
  it("migrates a fresh file (parent directory created), then is a no-op; the client round-trips", async () => {
    const url = `file:${join(tempDir(), "nested", "deeper", "test.db")}`;
    expect(await migrate(url)).toEqual(committedMigrations("sqlite").map((m) => m.name));
    expect(await migrate(url)).toEqual([]);
    await roundTrip(url);
  });

  it("opens connections with WAL, foreign keys and a busy timeout", async () => {
    const dir = tempDir();
    const url = `file:${join(dir, "p.db")}`;
    await migrate(url);
    const database = createDatabase(url);
    try {
      const [journal] = await database.prisma.$queryRawUnsafe<Array<{ journal_mode: string }>>("PRAGMA journal_mode");
      const [fk] = await database.prisma.$queryRawUnsafe<Array<{ foreign_keys: bigint | number }>>("PRAGMA foreign_keys");
      const [busy] = await database.prisma.$queryRawUnsafe<Array<{ timeout: bigint | number }>>("PRAGMA busy_timeout");
      expect(journal?.journal_mode).toBe("wal");
      expect(Number(fk?.foreign_keys)).toBe(1);
      expect(Number(busy?.timeout)).toBeGreaterThan(0);
    } finally {
      await database.close();
    }
  });

  it("refuses when an applied migration.sql was edited, or its recorded checksum differs", async () => {
    const dir = tempDir();
    const url = `file:${join(dir, "test.db")}`;
    await migrate(url);
    await expect(migrate(url, { migrationsDir: tamperedCopy("sqlite") })).rejects.toThrow(/was changed after it was applied/);
    const raw = new Sqlite(join(dir, "test.db"));
    raw.prepare(`UPDATE "${MIGRATIONS_TABLE}" SET "checksum" = 'tampered'`).run();
    raw.close();
    await expect(migrate(url)).rejects.toThrow(/was changed after it was applied/);
  });

  it("rebuilds a referenced table without cascading deletes, and rolls back a failing migration", async () => {
    const migrations = join(tempDir(), "m");
    const write = (name: string, sql: string) => {
      mkdirSync(join(migrations, name), { recursive: true });
      writeFileSync(join(migrations, name, "migration.sql"), sql);
    };
    write("001_init", `CREATE TABLE "P" ("id" TEXT NOT NULL PRIMARY KEY);
CREATE TABLE "C" ("id" TEXT NOT NULL PRIMARY KEY, "p" TEXT NOT NULL, CONSTRAINT "C_p_fkey" FOREIGN KEY ("p") REFERENCES "P" ("id") ON DELETE CASCADE);`);
    const url = `file:${join(tempDir(), "fk.db")}`;
    await migrate(url, { migrationsDir: migrations });
    const database = createDatabase(url);
    await database.prisma.$executeRawUnsafe(`INSERT INTO "P" VALUES ('p1')`);
    await database.prisma.$executeRawUnsafe(`INSERT INTO "C" VALUES ('c1', 'p1')`);
    await database.close();
    // What prisma migrate diff writes for SQLite when a table changes ("RedefineTables").
    write("002_rebuild", `PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_P" ("id" TEXT NOT NULL PRIMARY KEY, "name" TEXT NOT NULL DEFAULT 'x');
INSERT INTO "new_P" ("id") SELECT "id" FROM "P";
DROP TABLE "P";
ALTER TABLE "new_P" RENAME TO "P";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;`);
    write("003_broken", `CREATE TABLE "Q" ("id" TEXT); INSERT INTO "C" VALUES ('c2', 'nobody');`);
    await expect(migrate(url, { migrationsDir: migrations })).rejects.toThrow(/003_broken failed \(rolled back\): foreign key violations/);
    const raw = new Sqlite(url.slice("file:".length));
    try {
      expect(raw.prepare(`SELECT "id" FROM "C"`).all()).toEqual([{ id: "c1" }]); // the child row survived the rebuild
      expect(raw.prepare(`SELECT "name" FROM "${MIGRATIONS_TABLE}" ORDER BY "name"`).all()).toEqual([{ name: "001_init" }, { name: "002_rebuild" }]);
      expect(raw.prepare(`SELECT name FROM sqlite_master WHERE name = 'Q'`).all()).toEqual([]); // 003 rolled back
    } finally {
      raw.close();
    }
  });
});

describe("PostgreSQL", () => {
  const base = process.env.DOCKMASTER_TEST_PG_URL;
  const database = `dm_db_test_${process.pid}`;
  const requireBase = (): string => {
    if (!base) {
      throw new Error(
        "DOCKMASTER_TEST_PG_URL is not set: these tests need a real PostgreSQL. Run them with `npm run test:integration`, " +
          "or: export DOCKMASTER_TEST_PG_URL=$(scripts/pg-test-cluster.sh start)",
      );
    }
    return base;
  };
  const urlFor = (name: string) => {
    const u = new URL(requireBase());
    u.pathname = `/${name}`;
    return u.toString();
  };
  async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: requireBase() });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }

  afterAll(async () => {
    if (base) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  });

  it("migrates a fresh database (two instances at once are safe), then is a no-op; the client round-trips", async () => {
    await admin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${database}`);
    });
    const url = urlFor(database);
    const [a, b] = await Promise.all([migrate(url), migrate(url)]);
    expect([...a, ...b]).toEqual(expect.arrayContaining(committedMigrations("postgresql").map((m) => m.name)));
    expect([...a, ...b]).toHaveLength(committedMigrations("postgresql").length); // each applied exactly once
    expect(await migrate(url)).toEqual([]);
    await roundTrip(url);
  });

  it("refuses when an applied migration.sql was edited", async () => {
    await expect(migrate(urlFor(database), { migrationsDir: tamperedCopy("postgresql") })).rejects.toThrow(/was changed after it was applied/);
  });
});
