import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { auditHash, exportAudit, GENESIS_HASH, queryAudit, termsOf, type AuditHashedFields } from "@dockmaster/core";
import { createDatabase } from "@dockmaster/db";
import { migrate } from "@dockmaster/db/migrate";
import { freshPostgresDatabase, removeDir, REPO_ROOT, startTestPlane } from "./support";

/**
 * Issue 13: records written before the redaction rule keep their stored params (hashed), and their
 * search words were taken from those raw params, so the word index held env values and two-factor
 * codes in clear and an exact-value search found the record. At start the plane rebuilds the
 * index of every record from its redacted view, once per version of the term rules.
 */
const ENV_SECRET = "hunter2sekrit";
const RECOVERY_CODE = "k7m2q9x4w8";
const TOTP_CHALLENGE = "chal9v3z7";
const CUT_SECRET = "trunc8pw5q";
const SECRETS = [ENV_SECRET, RECOVERY_CODE, TOTP_CHALLENGE, CUT_SECRET];
/** Params over 8,000 characters, stored by the old code as their raw JSON text cut (unparseable), a secret inside. */
const OLD_TRUNCATED = JSON.stringify({
  truncated: JSON.stringify({ hostId: "h1", spec: { image: "bigstack", labels: { note: "n".repeat(300) }, env: [`DB_PASSWORD=${CUT_SECRET}`], password: CUT_SECRET }, filler: "f".repeat(9_000) }).slice(0, 8_000),
});
const secretKey = randomBytes(32);
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

/** Three records as the code before the rule wrote them: raw params hashed and stored, words taken from them. */
async function writeOldRecords(url: string): Promise<void> {
  await migrate(url);
  const database = createDatabase(url);
  try {
    const raw: { action: string; targetType: string | null; targetName: string | null; params?: unknown; stored?: string }[] = [
      { action: "containers.create", targetType: "containers", targetName: "billing-db", params: { hostId: "h1", spec: { image: "postgres", name: "billing-db", env: [`DB_PASSWORD=${ENV_SECRET}`, "PGDATA=/var/lib/pg"] } } },
      { action: "auth.loginTotp", targetType: null, targetName: null, params: { challenge: TOTP_CHALLENGE, code: RECOVERY_CODE } },
      { action: "stacks.deploy", targetType: "stacks", targetName: "bigstack", stored: OLD_TRUNCATED },
    ];
    let prevHash = GENESIS_HASH;
    for (const [i, r] of raw.entries()) {
      const fields: AuditHashedFields = {
        seq: i + 1, time: new Date(), actorType: "user", actorId: "u1", actorName: "alice", ip: null, userAgent: null, action: r.action, hostId: null,
        targetType: r.targetType, targetId: null, targetName: r.targetName, params: r.stored ?? JSON.stringify(r.params), result: "ok", error: null, durationMs: 3, correlationId: null, prevHash,
      };
      prevHash = auditHash(fields);
      await database.prisma.auditEvent.create({ data: { ...fields, hash: prevHash } });
      const terms = termsOf(fields.action, fields.actorName, fields.targetType, fields.targetId, fields.targetName, fields.error, fields.params);
      await database.prisma.auditTerm.createMany({ data: terms.map((term) => ({ term, seq: fields.seq })) });
    }
    // The old index really holds the secrets (the premise of the test).
    expect(await database.prisma.auditTerm.count({ where: { term: { in: SECRETS } } })).toBe(4);
  } finally {
    await database.close();
  }
}

function auditVerifyCli(url: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", join(REPO_ROOT, "scripts/audit-verify.ts")], { cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: url, DOCKMASTER_SECRET_KEY: secretKey.toString("base64") } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

type Plane = Awaited<ReturnType<typeof startTestPlane>>;
const search = async (plane: Plane, text: string) => (await queryAudit(plane.db, { text }, { limit: 50 })).items.map((r) => r.seq);

/** What a search and the stored index say after the rebuild. */
async function expectCleanIndex(plane: Plane, url: string) {
  for (const secret of SECRETS) expect(await search(plane, secret), `a search for ${secret}`).toEqual([]);
  expect(await plane.db.auditTerm.count({ where: { term: { in: SECRETS } } })).toBe(0);
  // Still found by their other words: env names are kept, values are not.
  expect(await search(plane, "billing db")).toEqual([1]);
  expect(await search(plane, "db password")).toEqual([3, 1]);
  expect(await search(plane, "pgdata alice")).toEqual([1]);
  expect(await search(plane, "logintotp code")).toEqual([2]);
  expect(await search(plane, "bigstack db password")).toEqual([3]);
  // Listed and exported: the truncated record's cut text is redacted too.
  const listed = (await queryAudit(plane.db, {}, { limit: 50 })).items;
  expect(listed.map((r) => r.seq)).toEqual([3, 2, 1]);
  const exported = [];
  for await (const chunk of exportAudit(plane.db, {}, "json")) exported.push(chunk);
  for (const secret of SECRETS) {
    expect(JSON.stringify(listed), `the list shows ${secret}`).not.toContain(secret);
    expect(exported.join(""), `the export shows ${secret}`).not.toContain(secret);
  }
  expect(listed[0]!.params).toContain("DB_PASSWORD=[redacted]");
  // The records themselves are unchanged (hashed), and the chain verifies, in-process and with audit:verify.
  expect((await plane.db.auditEvent.findUniqueOrThrow({ where: { seq: 1 } })).params).toContain(ENV_SECRET);
  expect(await plane.audit.verify()).toMatchObject({ ok: true, count: 3 });
  const cli = await auditVerifyCli(url);
  expect(cli.stderr).toBe("");
  expect(cli.code).toBe(0);
}

describe("the search index of records written before the redaction rule", () => {
  it("SQLite: rebuilt from the redacted view at start, once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dm-terms-rebuild-"));
    dirs.push(dir);
    const url = `file:${join(dir, "test.db")}`;
    await writeOldRecords(url);
    let plane = await startTestPlane(dir, 0, url, { secretKey });
    try {
      const result = await plane.auditSearchIndex;
      await expectCleanIndex(plane, url);
      expect(result).toMatchObject({ rebuilt: 3 });
    } finally {
      await plane.close();
    }
    // Started again: the rules version is recorded, nothing is rebuilt.
    plane = await startTestPlane(dir, 0, url, { secretKey });
    try {
      expect(await plane.auditSearchIndex).toMatchObject({ rebuilt: 0 });
      expect(await search(plane, "billing")).toEqual([1]);
    } finally {
      await plane.close();
    }
  });

  it("PostgreSQL: two instances starting at once, one rebuilds", async () => {
    const pg = await freshPostgresDatabase(`dm_terms_rebuild_${process.pid}`);
    await writeOldRecords(pg.url);
    const planes = await Promise.all([0, 1].map(() => startTestPlane(undefined, 0, pg.url, { secretKey })));
    dirs.push(...planes.map((p) => p.dir));
    try {
      const results = await Promise.all(planes.map((p) => p.auditSearchIndex));
      for (const plane of planes) await expectCleanIndex(plane, pg.url);
      expect(results.map((r) => r.rebuilt).sort()).toEqual([0, 3]);
    } finally {
      for (const plane of planes) await plane.close();
      await pg.drop();
    }
  });
});
