// The background checkpointer on a real SQLite file: the main connection's commits no longer copy
// the WAL back (its automatic checkpoint is a distant safety net), the worker does, and stops cleanly.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { createDatabase } from "./client";
import { migrate } from "./migrate";
import { SAFETY_NET_PAGES } from "./sqlite-checkpointer";

const dir = mkdtempSync(join(tmpdir(), "dm-checkpoint-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const walPages = (file: string) => Math.round(statSync(`${file}-wal`).size / 4096);

async function waitUntil(probe: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

it("checkpoints the WAL from a worker while the main connection only writes", async () => {
  const file = join(dir, "cp.db");
  await migrate(`file:${file}`);
  const database = createDatabase(`file:${file}`, { backgroundCheckpointMs: 200 });
  await database.prisma.$queryRawUnsafe("SELECT 1");
  const connection = database.sqliteConnection()!;
  expect(Number(connection.pragma("wal_autocheckpoint", { simple: true }))).toBe(SAFETY_NET_PAGES);
  const before = statSync(file).size;
  // ~1,500 pages of WAL, under the safety net: the main connection itself never copies them back…
  const insert = connection.prepare(`INSERT INTO "HostGroup" ("id", "name", "createdAt") VALUES (?, ?, ?)`);
  for (let i = 0; i < 400; i++) connection.transaction(() => { for (let j = 0; j < 20; j++) insert.run(`g${i}-${j}`, `group ${i}-${j} ${"x".repeat(300)}`, new Date().toISOString()); })();
  expect(walPages(file)).toBeGreaterThan(1_000);
  expect(walPages(file)).toBeLessThan(SAFETY_NET_PAGES);
  // …yet the database file receives them: the worker checkpointed.
  await waitUntil(() => statSync(file).size > before + 3_000_000);
  expect(await database.prisma.hostGroup.count()).toBe(8_000);
  await database.close();
});

it("without the option the main connection keeps SQLite's default automatic checkpoint", async () => {
  const file = join(dir, "plain.db");
  await migrate(`file:${file}`);
  const database = createDatabase(`file:${file}`);
  await database.prisma.$queryRawUnsafe("SELECT 1");
  expect(Number(database.sqliteConnection()!.pragma("wal_autocheckpoint", { simple: true }))).toBe(1000);
  await database.close();
});
