import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Secret, TOTP } from "otpauth";
import { auditHash, type AuditHashedFields } from "@dockmaster/core";
import { apiClient, removeDir, startTestPlane, trpcFailure } from "./support";

/**
 * Issue 13 finding 12: secrets never reach the audit trail. Real procedure calls through the API
 * (HTTP + tRPC, the same middleware that writes the records), then the stored rows and the export
 * are read back: no env value, two-factor code, recovery code, login challenge, invitation token
 * or password appears in them; the env keys do.
 */
let plane: Awaited<ReturnType<typeof startTestPlane>>;
const ADMIN = { username: "admin", password: "correct horse battery" };
const codeFor = (secret: string, offsetSeconds = 0) => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp: Date.now() + offsetSeconds * 1000 });
/** Every secret a call below sends: none may be found in the audit trail afterwards. */
const sent: string[] = [];

beforeAll(async () => {
  plane = await startTestPlane();
});
afterAll(async () => {
  await plane.close();
  removeDir(plane.dir);
});

async function storedTrail(): Promise<string> {
  return JSON.stringify(await plane.db.auditEvent.findMany({ orderBy: { seq: "asc" } }));
}

describe("secrets in the audit trail", () => {
  let browser: ReturnType<typeof apiClient>;

  it("two-factor codes, recovery codes, login challenges and passwords are redacted", async () => {
    browser = apiClient(plane.port);
    await browser.client.auth.setup.mutate(ADMIN);
    sent.push(ADMIN.password);
    const { secret } = await browser.client.me.beginTwoFactor.mutate();
    // A wrong confirmation code (recorded as an error) and the right one.
    expect(await trpcFailure(browser.client.me.confirmTwoFactor.mutate({ code: "918273" }))).toMatchObject({ code: "BAD_REQUEST" });
    sent.push("918273");
    const confirmCode = codeFor(secret);
    const { recoveryCodes } = await browser.client.me.confirmTwoFactor.mutate({ code: confirmCode });
    sent.push(confirmCode, ...recoveryCodes);

    // Sign-in with a wrong TOTP code, then with a recovery code (auth.loginTotp).
    const other = apiClient(plane.port);
    const first = await other.client.auth.login.mutate(ADMIN);
    sent.push(first.challenge!);
    expect(await trpcFailure(other.client.auth.loginTotp.mutate({ challenge: first.challenge!, code: "564738" }))).toMatchObject({ code: "UNAUTHORIZED" });
    sent.push("564738");
    await other.client.auth.loginTotp.mutate({ challenge: first.challenge!, code: recoveryCodes[0]! });
    // A recovery code spent once, tried again: refused, still not stored.
    const again = await apiClient(plane.port).client.auth.login.mutate(ADMIN);
    sent.push(again.challenge!);
    expect(await trpcFailure(apiClient(plane.port).client.auth.loginTotp.mutate({ challenge: again.challenge!, code: recoveryCodes[0]! }))).toMatchObject({ code: "UNAUTHORIZED" });

    // Turning two-factor off takes the password (a wrong one first).
    expect(await trpcFailure(other.client.me.disableTwoFactor.mutate({ password: "not-my-password-xyz" }))).toMatchObject({ code: "FORBIDDEN" });
    sent.push("not-my-password-xyz");
    await other.client.me.disableTwoFactor.mutate({ password: ADMIN.password });

    const trail = await storedTrail();
    for (const secretText of sent) expect(trail, `the audit trail holds ${secretText}`).not.toContain(secretText);
    // The records are still there, with the parameter names kept.
    const confirm = await plane.db.auditEvent.findFirstOrThrow({ where: { action: "me.confirmTwoFactor", result: "ok" } });
    expect(JSON.parse(confirm.params)).toEqual({ code: "[redacted]" });
    const totp = await plane.db.auditEvent.findFirstOrThrow({ where: { action: "auth.loginTotp", result: "ok" } });
    expect(JSON.parse(totp.params)).toEqual({ challenge: "[redacted]", code: "[redacted]" });
    const disable = await plane.db.auditEvent.findFirstOrThrow({ where: { action: "me.disableTwoFactor", result: "ok" } });
    expect(JSON.parse(disable.params)).toEqual({ password: "[redacted]" });
  });

  it("an invitation token and the password it sets are redacted", async () => {
    const { token } = await browser.client.users.invite.mutate({ username: "bob" });
    sent.push(token, "bob's long password");
    await apiClient(plane.port).client.auth.acceptInvitation.mutate({ token, password: "bob's long password" });
    const accepted = await plane.db.auditEvent.findFirstOrThrow({ where: { action: "auth.acceptInvitation", result: "ok" } });
    expect(JSON.parse(accepted.params)).toEqual({ token: "[redacted]", password: "[redacted]" });
    const trail = await storedTrail();
    for (const secretText of sent) expect(trail).not.toContain(secretText);
  });

  it("env values of a create spec are redacted, the keys kept; also when the call is refused", async () => {
    const spec = { image: "busybox", name: "db-1", env: ["DB_PASSWORD=hunter2-very-secret", "PLAIN_SETTING=plain-value-42", "FROM_HOST"] };
    sent.push("hunter2-very-secret", "plain-value-42");
    // No such host: the call fails after the record's params were taken from the input.
    await trpcFailure(browser.client.containers.create.mutate({ hostId: "no-such-host", spec, start: false }));
    const create = await plane.db.auditEvent.findFirstOrThrow({ where: { action: "containers.create" }, orderBy: { seq: "desc" } });
    expect(JSON.parse(create.params)).toMatchObject({ spec: { image: "busybox", env: ["DB_PASSWORD=[redacted]", "PLAIN_SETTING=[redacted]", "FROM_HOST"] } });
    // A raw (invalid) input with env as a map is recorded too, with its values redacted.
    await trpcFailure(browser.client.containers.create.mutate({ hostId: "no-such-host", spec: { image: "busybox", env: { API_TOKEN: "map-secret-value-7" } as unknown as string[] }, start: false }));
    sent.push("map-secret-value-7");
    const mapped = await plane.db.auditEvent.findFirstOrThrow({ where: { action: "containers.create" }, orderBy: { seq: "desc" } });
    expect(JSON.parse(mapped.params)).toMatchObject({ spec: { env: { API_TOKEN: "[redacted]" } } });
    const trail = await storedTrail();
    for (const secretText of sent) expect(trail).not.toContain(secretText);
  });

  it("the export (CSV and JSON) holds no secret either", async () => {
    for (const format of ["json", "csv"]) {
      const res = await fetch(`http://127.0.0.1:${plane.port}/api/audit/export?format=${format}`, { headers: { cookie: browser.cookieHeader() } });
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(body).toContain("DB_PASSWORD=[redacted]");
      expect(body).toContain("me.confirmTwoFactor");
      for (const secretText of sent) expect(body, `the ${format} export holds ${secretText}`).not.toContain(secretText);
    }
  });

  it("records written before the rule keep their stored text (the chain verifies) but are shown and exported redacted", async () => {
    const last = await plane.db.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
    const old: AuditHashedFields = {
      seq: last.seq + 1, time: new Date(), actorType: "user", actorId: null, actorName: "admin", ip: null, userAgent: null, action: "me.confirmTwoFactor",
      hostId: null, targetType: null, targetId: null, targetName: null, params: JSON.stringify({ code: "246813", spec: { env: ["OLD_SECRET=old-secret-value-9"] } }),
      result: "ok", error: null, durationMs: 1, correlationId: null, prevHash: last.hash,
    };
    await plane.db.auditEvent.create({ data: { ...old, hash: auditHash(old) } });
    const listed = (await browser.client.audit.list.query({ action: "me.confirmTwoFactor", limit: 1 })).items[0]!;
    expect(listed.seq).toBe(old.seq);
    expect(JSON.parse(listed.params)).toEqual({ code: "[redacted]", spec: { env: ["OLD_SECRET=[redacted]"] } });
    const body = await (await fetch(`http://127.0.0.1:${plane.port}/api/audit/export?format=json`, { headers: { cookie: browser.cookieHeader() } })).text();
    expect(body).not.toContain("246813");
    expect(body).not.toContain("old-secret-value-9");
    // Records written under the rule are exported exactly as stored: each still hashes to its hash.
    const exported = JSON.parse(body) as Array<AuditHashedFields & { hash: string; time: string }>;
    const current = exported.filter((r) => r.seq !== old.seq);
    expect(current.length).toBeGreaterThan(10);
    for (const r of current) expect(auditHash({ ...r, time: new Date(r.time) })).toBe(r.hash);
    expect(await plane.audit.verify()).toMatchObject({ ok: true });
  });
});
