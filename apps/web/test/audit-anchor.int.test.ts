import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, REPO_ROOT, removeDir, startTestPlane, waitFor } from "./support";

/**
 * Issue 13 finding 13: cutting records off the END of the audit trail is detected. The chain's
 * head is anchored (signed with the server's secret key, stored apart from the records, exportable);
 * the Verify chain call and `npm run audit:verify` report a head that went backwards and name the
 * missing records.
 */
let plane: Awaited<ReturnType<typeof startTestPlane>>;
let browser: ReturnType<typeof apiClient>;
const secretKey = randomBytes(32);

beforeAll(async () => {
  plane = await startTestPlane(undefined, 0, undefined, { secretKey });
  browser = apiClient(plane.port);
  await browser.client.auth.setup.mutate({ username: "admin", password: "correct horse battery" });
});
afterAll(async () => {
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
    await waitFor(async () => (await plane.db.auditAnchor.findFirst({ where: { seq: last } })) !== null, "the head anchored");
    const ok = await auditVerifyCli();
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`anchored at record ${last}`);
    await dropTail(50);
    const cut = await auditVerifyCli();
    expect(cut.code).toBe(1);
    expect(cut.stderr).toContain(`records ${last - 49}–${last} (50) are missing`);
  });

  it("an anchor whose hash is not in the chain (the tail deleted and rewritten) is reported", async () => {
    // The chain continues from the cut: new records reuse the numbers the anchors cover.
    await appendMany(60);
    const result = await auditVerifyCli();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/record \d+ does not match the anchor/);
  });
});

describe("anchors exported by the operator", () => {
  it("an exported head detects a truncation even when every anchor in the database was deleted too", async () => {
    const fresh = await startTestPlane(undefined, 0, undefined, { secretKey });
    try {
      for (let i = 0; i < 30; i++) await fresh.audit.append({ actor: { type: "system" }, action: "test.fill", params: { i }, result: "ok" });
      const dbUrl = `file:${join(fresh.dir, "test.db")}`;
      const file = join(fresh.dir, "head.json");
      const run = (...args: string[]) =>
        new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
          execFile(process.execPath, ["--import", "tsx", join(REPO_ROOT, "scripts/audit-verify.ts"), ...args], { cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: dbUrl, DOCKMASTER_SECRET_KEY: secretKey.toString("base64") } }, (error, stdout, stderr) =>
            resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
          ),
        );
      const exported = await run("--export-head", file);
      expect(exported.code).toBe(0);
      const anchor = JSON.parse(readFileSync(file, "utf8")) as { format: string; seq: number; count: number; hash: string; signature: string };
      expect(anchor).toMatchObject({ format: "dockmaster-audit-anchor/v1", seq: 30, count: 30 });
      expect(anchor.signature).toMatch(/^[0-9a-f]{64}$/);
      // The attacker deletes the last 10 records AND every anchor.
      await fresh.db.auditAnchor.deleteMany({});
      await fresh.db.auditEvent.deleteMany({ where: { seq: { gt: 20 } } });
      const checked = await run("--anchor", file);
      expect(checked.code).toBe(1);
      expect(checked.stderr).toContain("records 21–30 (10) are missing");
      // A forged head (its count raised) is refused by its signature.
      const forged = join(fresh.dir, "forged.json");
      const { writeFileSync } = await import("node:fs");
      writeFileSync(forged, JSON.stringify({ ...anchor, seq: 40, count: 40 }));
      const refused = await run("--anchor", forged);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("signature does not match");
    } finally {
      await fresh.close();
      removeDir(fresh.dir);
    }
  });
});
