import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabase } from "./client";
import { committedMigrations, migrate } from "./migrate";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Exercises the models every later feature leans on, through the real client. */
async function roundTrip(url: string) {
  const database = createDatabase(url);
  try {
    const db = database.prisma;
    const user = await db.user.create({ data: { username: `u-${Date.now()}`, passwordHash: "x" } });
    const host = await db.host.create({ data: { name: "h" } });
    await db.session.create({ data: { id: `s-${Date.now()}`, userId: user.id, expiresAt: new Date(Date.now() + 1000) } });
    await db.engineEvent.create({ data: { hostId: host.id, seq: 1, timeNano: "1", type: "container", action: "start", actorId: "c" } });
    await expect(db.engineEvent.create({ data: { hostId: host.id, seq: 1, timeNano: "2", type: "container", action: "die", actorId: "c" } })).rejects.toThrow();
    const found = await db.user.findUniqueOrThrow({ where: { id: user.id }, include: { sessions: true } });
    expect(found.sessions).toHaveLength(1);
    await db.user.delete({ where: { id: user.id } });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0); // cascade
  } finally {
    await database.close();
  }
}

describe("SQLite", () => {
  it("applies every committed migration once, then nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dm-db-"));
    dirs.push(dir);
    const url = `file:${join(dir, "nested", "test.db")}`;
    expect(await migrate(url)).toEqual(committedMigrations("sqlite").map((m) => m.name));
    expect(await migrate(url)).toEqual([]);
    await roundTrip(url);
  });

  it("refuses to run when an applied migration was edited", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dm-db-"));
    dirs.push(dir);
    const url = `file:${join(dir, "test.db")}`;
    await migrate(url);
    const { default: Sqlite } = await import("better-sqlite3");
    const raw = new Sqlite(join(dir, "test.db"));
    raw.prepare(`UPDATE "_dockmaster_migrations" SET "checksum" = 'tampered'`).run();
    raw.close();
    await expect(migrate(url)).rejects.toThrow(/changed after it was applied/);
  });
});

describe("PostgreSQL", () => {
  const base = process.env.DOCKMASTER_TEST_PG_URL;
  const database = `dm_test_${process.pid}`;
  const url = () => {
    if (!base) throw new Error("DOCKMASTER_TEST_PG_URL is not set: run through scripts/with-postgres.sh (npm run test:integration)");
    const u = new URL(base);
    u.pathname = `/${database}`;
    return u.toString();
  };

  afterAll(async () => {
    if (!base) return;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  it("applies the PostgreSQL migrations (two instances at once are safe) and round-trips data", async () => {
    const target = url();
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const [a, b] = await Promise.all([migrate(target), migrate(target)]);
    expect([...a, ...b].sort()).toEqual(committedMigrations("postgresql").map((m) => m.name).sort());
    expect(await migrate(target)).toEqual([]);
    await roundTrip(target);
  });
});
