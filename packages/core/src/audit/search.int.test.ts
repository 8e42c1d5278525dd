import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "@dockmaster/db";
import { migrate } from "@dockmaster/db/migrate";
import { AuditLog } from "./audit-log";
import { SEARCH_TERMS_VERSION } from "./terms";
import { rebuildSearchTerms, SEARCH_TERMS_SETTING } from "./terms-rebuild";
import { queryAudit, exportAudit } from "./query";

/** Word search over the audit trail, driven by its word index, on a real SQLite database. */
let dir: string;
let database: Database;
let audit: AuditLog;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dm-audit-search-"));
  const url = `file:${join(dir, "audit.db")}`;
  await migrate(url);
  database = createDatabase(url);
  audit = new AuditLog(database.prisma, database.provider);
  for (let i = 1; i <= 30; i++) {
    await audit.append({ actor: { type: "user", id: `u${i % 3}`, name: `user${i % 3}` }, action: i % 2 ? "containers.stop" : "containers.start", hostId: "h1", target: { type: "containers", id: `web-${i}` }, params: { id: `web-${i}` }, result: i % 10 === 0 ? "error" : "ok", error: i % 10 === 0 ? `engine error: No such container web-${i}` : null });
  }
});
afterAll(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

const search = async (text: string, extra = {}, beforeSeq?: number, limit = 50) => (await queryAudit(database.prisma, { text, ...extra }, { beforeSeq, limit })).items.map((r) => r.targetId);

describe("audit word search", () => {
  it("finds records holding every word, newest first", async () => {
    expect(await search("no such container")).toEqual(["web-30", "web-20", "web-10"]);
    expect(await search("stop web 7")).toEqual(["web-7"]);
  });

  it("combines with the other filters and pages by seq", async () => {
    expect(await search("containers", { actor: "user1", result: "ok" }, undefined, 3)).toEqual(["web-28", "web-25", "web-22"]);
    const first = await queryAudit(database.prisma, { text: "containers" }, { limit: 4 });
    expect(first.items).toHaveLength(4);
    const next = await queryAudit(database.prisma, { text: "containers" }, { beforeSeq: first.nextBeforeSeq!, limit: 4 });
    expect(next.items.map((r) => r.seq)).toEqual(first.items.map((r) => r.seq - 4));
  });

  it("answers nothing for a word nobody wrote, and ignores punctuation-only input", async () => {
    expect(await search("no-such-term")).toEqual([]);
    expect(await search("...")).toEqual([]);
  });

  it("exports with the same words", async () => {
    let text = "";
    for await (const chunk of exportAudit(database.prisma, { text: "no such container" }, "csv")) text += chunk;
    expect(text.trim().split("\n")).toHaveLength(4); // header + 3
  });

  it("reads a common word in batches until enough records match", async () => {
    for (let i = 0; i < 1_200; i++) {
      await audit.append({ actor: { type: "user", name: i === 5 ? "rare-actor" : "bulk-actor" }, action: "bulk.write", target: { type: "bulk", id: `b${i}` }, result: "ok" });
    }
    expect((await queryAudit(database.prisma, { text: "bulk", actor: "rare-actor" }, { limit: 10 })).items.map((r) => r.targetId)).toEqual(["b5"]);
    const page = await queryAudit(database.prisma, { text: "bulk write" }, { limit: 700 });
    expect(page.items).toHaveLength(700);
    expect(page.items[0]!.targetId).toBe("b1199");
    expect(page.nextBeforeSeq).not.toBeNull();
  });

  it("indexes the words of the redacted params only: a secret is not a search word", async () => {
    await audit.append({ actor: { type: "user", name: "user1" }, action: "containers.create", target: { type: "containers", id: "vault-1" }, params: { spec: { env: ["VAULT_PASSWORD=s3cretvalue77"] }, code: "554433" }, result: "ok" });
    expect(await search("vault password")).toEqual(["vault-1"]);
    expect(await search("s3cretvalue77")).toEqual([]);
    expect(await search("554433")).toEqual([]);
    expect(await database.prisma.auditTerm.count({ where: { term: { in: ["s3cretvalue77", "554433"] } } })).toBe(0);
  });

  it("rebuilds the index of every record (also those never indexed) once per rules version, in batches", async () => {
    await database.prisma.auditTerm.deleteMany({}); // as after an upgrade: nothing indexed yet
    expect(await search("web 3")).toEqual([]);
    const batches: number[] = [];
    // Written directly on the SQLite connection (the server passes it; its writer thread when it has one).
    expect(await rebuildSearchTerms(database.prisma, database.provider, { batch: 7, sqliteConnection: database.sqliteConnection, onBatch: (b) => batches.push(b.records) })).toEqual({ rebuilt: 1_231, version: SEARCH_TERMS_VERSION, complete: true });
    expect(batches).toHaveLength(Math.ceil(1_231 / 7));
    expect(Math.max(...batches)).toBe(7);
    expect(await search("web 3")).toEqual(["web-3"]);
    expect(await search("vault password")).toEqual(["vault-1"]);
    expect(await rebuildSearchTerms(database.prisma, database.provider)).toEqual({ rebuilt: 0, version: SEARCH_TERMS_VERSION, complete: true });
  });

  it("a stopped rebuild resumes where it was; an older rules version starts over (words written through Prisma here)", async () => {
    await database.prisma.setting.update({ where: { key: SEARCH_TERMS_SETTING }, data: { value: JSON.stringify({ version: SEARCH_TERMS_VERSION - 1, through: 1_231, done: true }) } });
    const stop = new AbortController();
    const first = await rebuildSearchTerms(database.prisma, database.provider, { batch: 100, signal: stop.signal, onBatch: () => stop.abort() });
    expect(first).toEqual({ rebuilt: 100, version: SEARCH_TERMS_VERSION, complete: false });
    // Stopped: its progress is kept and its lease let go, so the next run resumes at once.
    expect(JSON.parse((await database.prisma.setting.findUniqueOrThrow({ where: { key: SEARCH_TERMS_SETTING } })).value)).toMatchObject({ version: SEARCH_TERMS_VERSION, through: 100, done: false, owner: null });
    expect(await rebuildSearchTerms(database.prisma, database.provider, { batch: 500 })).toMatchObject({ rebuilt: 1_131, complete: true });
    expect(await search("web 3")).toEqual(["web-3"]);
  });

  it("waits for another instance's lease, and takes over once it is no longer renewed", async () => {
    const leaseUntil = Date.now() + 400;
    await database.prisma.setting.update({ where: { key: SEARCH_TERMS_SETTING }, data: { value: JSON.stringify({ version: SEARCH_TERMS_VERSION, through: 1_000, done: false, owner: "gone-instance", leaseUntil }) } });
    const result = await rebuildSearchTerms(database.prisma, database.provider);
    expect(Date.now()).toBeGreaterThanOrEqual(leaseUntil);
    expect(result).toEqual({ rebuilt: 231, version: SEARCH_TERMS_VERSION, complete: true });
  });
});
