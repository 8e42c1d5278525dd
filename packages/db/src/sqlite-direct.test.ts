import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "./client";
import { sql } from "./sql";
import { directSqliteTransaction, executeStatements, prepared, queryRows, sqliteDateTime } from "./sqlite-direct";

describe("direct SQLite transactions", () => {
  const db = new Database(":memory:");
  db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, n INTEGER)`);
  afterEach(() => db.exec("DELETE FROM t"));

  it("runs the work in its own transaction and returns its result", () => {
    expect(directSqliteTransaction(db, (c) => prepared(c, "INSERT INTO t (v) VALUES (?)").run("a").changes)).toBe(1);
    expect(db.prepare("SELECT v FROM t").all()).toEqual([{ v: "a" }]);
    expect(db.inTransaction).toBe(false);
  });

  it("rolls everything back when the work throws", () => {
    expect(() =>
      directSqliteTransaction(db, (c) => {
        prepared(c, "INSERT INTO t (v) VALUES (?)").run("b");
        throw new Error("changed my mind");
      }),
    ).toThrow("changed my mind");
    expect(db.prepare("SELECT COUNT(*) AS n FROM t").get()).toEqual({ n: 0 });
  });

  it("refuses (runs nothing) while another transaction is open on the connection, or without a connection", () => {
    db.exec("BEGIN");
    let ran = false;
    expect(directSqliteTransaction(db, () => (ran = true))).toBeUndefined();
    db.exec("ROLLBACK");
    expect(directSqliteTransaction(null, () => (ran = true))).toBeUndefined();
    expect(ran).toBe(false);
  });

  it("prepares a statement once per connection", () => {
    expect(prepared(db, "SELECT 1")).toBe(prepared(db, "SELECT 1"));
    expect(prepared(new Database(":memory:"), "SELECT 1")).not.toBe(prepared(db, "SELECT 1"));
  });

  it("writes DateTimes as Prisma's adapter does", () => {
    expect(sqliteDateTime(new Date("2026-12-02T15:00:00.123Z"))).toBe("2026-12-02T15:00:00.123+00:00");
  });

  it("executes tagged statements directly with Prisma's value formats, and falls back to a Prisma batch inside a transaction", async () => {
    const viaPrisma: unknown[] = [];
    const prisma = { $executeRaw: (s: unknown) => s, $transaction: (list: unknown[]) => (viaPrisma.push(...list), Promise.resolve(list.map(() => 1))) } as unknown as Db;
    const at = new Date("2026-12-02T15:00:00.000Z");
    const statements = [sql`INSERT INTO t (v, n) VALUES (${at}, ${true}), (${"b"}, ${false})`, sql`UPDATE t SET v = ${"x"} WHERE v = ${"nope"}`];
    expect(await executeStatements(prisma, db, statements)).toEqual([2, 0]);
    expect(db.prepare("SELECT v, n FROM t ORDER BY id").all()).toEqual([{ v: "2026-12-02T15:00:00.000+00:00", n: 1 }, { v: "b", n: 0 }]);
    expect(viaPrisma).toEqual([]);
    db.exec("BEGIN");
    expect(await executeStatements(prisma, db, statements)).toEqual([1, 1]);
    db.exec("ROLLBACK");
    expect(viaPrisma).toEqual(statements);
  });

  it("reads rows directly with Prisma's value formats, through Prisma inside a transaction or without a connection", async () => {
    const viaPrisma: unknown[] = [];
    const prisma = { $queryRaw: (s: unknown) => (viaPrisma.push(s), Promise.resolve([{ from: "prisma" }])) } as unknown as Db;
    const at = new Date("2026-12-02T15:00:00.000Z");
    db.prepare("INSERT INTO t (v, n) VALUES (?, ?), (?, ?)").run(sqliteDateTime(at), 1, "b", 0);
    const statement = sql`SELECT v, n FROM t WHERE v = ${at} OR n = ${false} ORDER BY id`;
    expect(await queryRows(prisma, db, statement)).toEqual([{ v: "2026-12-02T15:00:00.000+00:00", n: 1 }, { v: "b", n: 0 }]);
    expect(viaPrisma).toEqual([]);
    db.exec("BEGIN");
    expect(await queryRows(prisma, db, statement)).toEqual([{ from: "prisma" }]);
    db.exec("ROLLBACK");
    expect(await queryRows(prisma, null, statement)).toEqual([{ from: "prisma" }]);
    expect(viaPrisma).toEqual([statement, statement]);
  });
});
