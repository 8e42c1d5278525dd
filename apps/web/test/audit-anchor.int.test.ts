import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AuditLog } from "@dockmaster/core";
import { createDatabase } from "@dockmaster/db";
import { migrate } from "@dockmaster/db/migrate";
import { apiClient, freshPostgresDatabase, REPO_ROOT, removeDir, startTestPlane, waitFor } from "./support";

/**
 * Issue 13 finding 13: cutting records off the END of the audit trail is detected. The chain's
 * head is anchored (signed with the server's secret key, stored apart from the records, exportable);
 * the Verify chain call and `npm run audit:verify` report a head that went backwards and name the
 * missing records.
 */
let plane: Awaited<ReturnType<typeof startTestPlane>>;
let browser: ReturnType<typeof apiClient>;
const secretKey = randomBytes(32);

// A plane per test: a detected cut stays in its trail for good.
beforeEach(async () => {
  plane = await startTestPlane(undefined, 0, undefined, { secretKey });
  browser = apiClient(plane.port);
  await browser.client.auth.setup.mutate({ username: "admin", password: "correct horse battery" });
});
afterEach(async () => {
  await plane.close();
  removeDir(plane.dir);
});

/** Runs `npm run audit:verify` (the script itself) against the plane's database. */
function auditVerifyCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", join(REPO_ROOT, "scripts/audit-verify.ts"), ...args],
      { cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: `file:${join(plane.dir, "test.db")}`, DOCKMASTER_SECRET_KEY: secretKey.toString("base64") } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function appendMany(n: number) {
  for (let i = 0; i < n; i++) await plane.audit.append({ actor: { type: "system" }, action: "test.fill", params: { i }, result: "ok" });
}

async function head(): Promise<number> {
  return (await plane.db.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } })).seq;
}

/** What an attacker with write access to the database does: delete the newest n records. */
async function dropTail(n: number): Promise<number> {
  const last = await head();
  await plane.db.auditTerm.deleteMany({ where: { seq: { gt: last - n } } });
  await plane.db.auditEvent.deleteMany({ where: { seq: { gt: last - n } } });
  return last;
}

describe("audit tail truncation", () => {
  it("deleting the last record: the Verify chain call reports the head went backwards, naming the missing record", async () => {
    await appendMany(20);
    const before = await browser.client.audit.verify.mutate();
    expect(before).toMatchObject({ ok: true });
    const last = await dropTail(1);
    const after = await browser.client.audit.verify.mutate();
    expect(after).toMatchObject({ ok: false, brokenAt: last, missing: { from: last, to: last, count: 1 } });
    expect(after.ok ? "" : after.reason).toContain(`record ${last} is missing`);
  });

  it("deleting the last 50 records: audit:verify (a separate process, key from DOCKMASTER_SECRET_KEY) fails and names them", async () => {
    await appendMany(80);
    // The head is anchored shortly after the appends, without any verify.
    const last = await head();
    await waitFor(async () => (await plane.db.auditAnchor.findFirst({ where: { seq: last } })) !== null, "the head anchored", 15_000);
    const ok = await auditVerifyCli();
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`anchored at record ${last}`);
    await dropTail(50);
    const cut = await auditVerifyCli();
    expect(cut.code).toBe(1);
    expect(cut.stderr).toContain(`records ${last - 49}–${last} (50) are missing`);

    // The chain continues from the cut: new records reuse the numbers the anchors covered, so an
    // anchor's hash is no longer in the chain.
    await appendMany(60);
    const result = await auditVerifyCli();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/record \d+ does not match the anchor/);
  });
});

describe("the anchors themselves", () => {
  it("a deleted anchor (between two others) and an altered one are reported", async () => {
    await appendMany(30);
    await browser.client.audit.verify.mutate(); // anchors the head
    await appendMany(30);
    await browser.client.audit.verify.mutate();
    await appendMany(30);
    await waitFor(async () => (await plane.db.auditAnchor.count()) >= 3, "three anchors", 15_000);
    const [, middle] = await plane.db.auditAnchor.findMany({ orderBy: { id: "asc" } });
    await plane.db.auditAnchor.delete({ where: { id: middle!.id } });
    const unlinked = await browser.client.audit.verify.mutate();
    expect(unlinked.ok).toBe(false);
    expect(unlinked.problems.join("\n")).toMatch(/does not follow the anchor before it: anchors between them were deleted/);
    const newest = await plane.db.auditAnchor.findFirstOrThrow({ orderBy: { id: "desc" } });
    await plane.db.auditAnchor.update({ where: { id: newest.id }, data: { seq: newest.seq + 5, count: newest.count + 5 } });
    const altered = await browser.client.audit.verify.mutate();
    expect(altered.problems.join("\n")).toContain(`(record ${newest.seq + 5}): its signature does not match (altered or forged)`);
  });
});

describe("anchors exported by the operator", () => {
  it("an exported head detects a truncation even when every anchor in the database was deleted too", async () => {
    await appendMany(30);
    const file = join(plane.dir, "head.json");
    const exported = await auditVerifyCli("--export-head", file);
    expect(exported.code).toBe(0);
    const last = await head();
    const anchor = JSON.parse(readFileSync(file, "utf8")) as { format: string; seq: number; count: number; hash: string; signature: string };
    expect(anchor).toMatchObject({ format: "dockmaster-audit-anchor/v1", seq: last, count: last });
    expect(anchor.signature).toMatch(/^[0-9a-f]{64}$/);
    // The attacker deletes the last 10 records AND every anchor.
    await plane.db.auditAnchor.deleteMany({});
    await dropTail(10);
    const checked = await auditVerifyCli("--anchor", file);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain(`records ${last - 9}–${last} (10) are missing`);
    // A forged head (its count raised) is refused by its signature.
    const forged = join(plane.dir, "forged.json");
    writeFileSync(forged, JSON.stringify({ ...anchor, seq: last + 10, count: last + 10 }));
    const refused = await auditVerifyCli("--anchor", forged);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("signature does not match");
    // Not an anchor at all: a usage error naming the field.
    writeFileSync(forged, JSON.stringify({ ...anchor, seq: "many" }));
    const bad = await auditVerifyCli("--anchor", forged);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("seq:");
  });
});

describe("several control-plane instances on one PostgreSQL", () => {
  it("interleaved appends and anchors from two instances keep one chain and one linked anchor chain; a cut is seen by both", async () => {
    const pg = await freshPostgresDatabase(`dm_audit_anchor_${process.pid}`);
    await migrate(pg.url);
    const databases = [createDatabase(pg.url), createDatabase(pg.url)];
    const errors: string[] = [];
    const logs = databases.map((d) => new AuditLog(d.prisma, d.provider, { secretKey, anchorEvery: 7, anchorDelayMs: 20, log: { error: (m) => errors.push(m) } }));
    try {
      await Promise.all(logs.map((log, n) => (async () => {
        for (let i = 0; i < 40; i++) await log.append({ actor: { type: "system", name: `instance-${n}` }, action: "test.fill", params: { i }, result: "ok" });
      })()));
      await Promise.all(logs.map((log) => log.anchorHead()));
      const anchors = await databases[0]!.prisma.auditAnchor.findMany({ orderBy: { id: "asc" } });
      expect(anchors.length).toBeGreaterThan(5);
      for (const result of await Promise.all(logs.map((log) => log.verify()))) expect(result).toMatchObject({ ok: true, count: 80, anchoredSeq: 80, problems: [] });
      expect(errors).toEqual([]);
      await databases[0]!.prisma.auditEvent.deleteMany({ where: { seq: { gt: 75 } } });
      for (const result of await Promise.all(logs.map((log) => log.verify()))) {
        expect(result).toMatchObject({ ok: false, brokenAt: 76, missing: { from: 76, to: 80, count: 5 } });
        expect(result.ok ? "" : result.reason).toContain("records 76–80 (5) are missing");
      }
    } finally {
      for (const log of logs) await log.close();
      for (const d of databases) await d.close();
      await pg.drop();
    }
  });
});
