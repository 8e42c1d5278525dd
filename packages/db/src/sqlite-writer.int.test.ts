// The SQLite writer thread on a real database file: writes run off the main thread, a step that
// must change rows rolls its job back, Prisma's read-then-write transactions on the main connection
// survive the thread's commits, and closing finishes what was handed over.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { createDatabase, type Database } from "./client";
import { migrate } from "./migrate";
import { attachWriter, writeSteps } from "./sqlite-direct";
import { startSqliteWriter, UnchangedRows } from "./sqlite-writer";

const dir = mkdtempSync(join(tmpdir(), "dm-writer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const INSERT_GROUP = `INSERT INTO "HostGroup" ("id", "name", "createdAt") VALUES (?, ?, ?)`;
const groups = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => [`${prefix}${i}`, `${prefix} group ${i}`, new Date().toISOString()]);

async function open(name: string, writerThread: boolean): Promise<Database> {
  const file = join(dir, name);
  await migrate(`file:${file}`);
  const database = createDatabase(`file:${file}`, writerThread ? { onWriterError: () => undefined } : {});
  await database.prisma.$queryRawUnsafe("SELECT 1");
  return database;
}

/** How many times a 1 ms interval ran on this thread while `work` was under way. */
async function ticksDuring(work: () => Promise<unknown>): Promise<number> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return ticks;
}

it("runs a large write on its own thread: the main event loop keeps turning, and the main connection sees the rows", async () => {
  const database = await open("thread.db", true);
  const ticks = await ticksDuring(() => writeSteps(database.sqliteConnection(), [{ sql: INSERT_GROUP, rows: groups("t", 40_000) }])!);
  expect(ticks).toBeGreaterThan(10);
  expect(await database.prisma.hostGroup.count()).toBe(40_000);
  await database.close();

  // The same write without the thread holds the event loop from start to end.
  const plain = await open("plain.db", false);
  const blocked = await ticksDuring(() => writeSteps(plain.sqliteConnection(), [{ sql: INSERT_GROUP, rows: groups("p", 40_000) }])!);
  expect(blocked).toBeLessThanOrEqual(1);
  await plain.close();
});

it("rolls a job back when a must-change step changes nothing, naming the rows", async () => {
  const database = await open("unchanged.db", true);
  const connection = database.sqliteConnection();
  await writeSteps(connection, [{ sql: INSERT_GROUP, rows: groups("u", 2) }]);
  const job = writeSteps(connection, [
    { sql: INSERT_GROUP, rows: groups("v", 3) },
    { sql: `UPDATE "HostGroup" SET "name" = "name" || ' renamed' WHERE "id" = ?`, rows: [["u0"], ["missing"], ["u1"], ["gone"]], mustChange: true },
  ])!;
  const error = await job.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UnchangedRows);
  expect(error).toMatchObject({ step: 1, rows: [1, 3] });
  // nothing of the job: neither the inserts nor the updates that did match
  expect(await database.prisma.hostGroup.count()).toBe(2);
  expect(await database.prisma.hostGroup.count({ where: { name: { endsWith: " renamed" } } })).toBe(0);
  await database.close();
});

it("Prisma's read-then-write transaction on the main connection is not broken by the thread committing in between", async () => {
  const database = await open("snapshot.db", true);
  const connection = database.sqliteConnection();
  let threadWrite: Promise<unknown> | undefined;
  await database.prisma.$transaction(async (tx) => {
    const before = await tx.hostGroup.count();
    // The thread writes now; a deferred transaction that has read could no longer write after its commit.
    threadWrite = writeSteps(connection, [{ sql: INSERT_GROUP, rows: groups("w", 5) }]);
    await new Promise((r) => setTimeout(r, 100));
    await tx.hostGroup.create({ data: { id: "main", name: `main after ${before}` } });
  });
  await threadWrite;
  expect(await database.prisma.hostGroup.count()).toBe(6);
  await database.close();
});

it("closing finishes the jobs already handed over", async () => {
  const database = await open("close.db", true);
  const job = writeSteps(database.sqliteConnection(), [{ sql: INSERT_GROUP, rows: groups("c", 5_000) }])!;
  const closed = database.close();
  await expect(job).resolves.toHaveLength(1);
  await closed;
  const again = createDatabase(`file:${join(dir, "close.db")}`);
  expect(await again.prisma.hostGroup.count()).toBe(5_000);
  await again.close();
});

it("once its thread has stopped, writes go to the main connection again", async () => {
  const database = await open("fallback.db", false);
  const connection = database.sqliteConnection()!;
  const writer = startSqliteWriter(join(dir, "fallback.db"), { busyTimeoutMs: 5_000, pragmas: ["journal_mode = WAL"], onError: () => undefined });
  attachWriter(connection, writer);
  // on the thread: the main loop turns while it runs
  expect(await ticksDuring(() => writeSteps(connection, [{ sql: INSERT_GROUP, rows: groups("f", 40_000) }])!)).toBeGreaterThan(10);
  await writer.stop();
  expect(writer.alive).toBe(false);
  // directly: done before the call returns
  const direct = writeSteps(connection, [{ sql: INSERT_GROUP, rows: groups("g", 10) }])!;
  expect(await database.prisma.hostGroup.count()).toBe(40_010);
  await expect(direct).resolves.toEqual([Array(10).fill(1)]);
  await database.close();
});
