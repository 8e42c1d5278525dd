import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Secret, TOTP } from "otpauth";
import { apiClient, removeDir, startTestPlane, trpcFailure } from "./support";

let plane: Awaited<ReturnType<typeof startTestPlane>>;
const ADMIN = { username: "admin", password: "correct horse battery" };
const codeFor = (secret: string, offsetSeconds = 0) => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp: Date.now() + offsetSeconds * 1000 });

beforeAll(async () => {
  plane = await startTestPlane();
});
afterAll(async () => {
  await plane.close();
  removeDir(plane.dir);
});

describe("TOTP two-factor authentication", () => {
  let secret = "";
  let recovery: string[] = [];

  it("enrolls with a QR/key, confirmed by a code, and hands out recovery codes once", async () => {
    const browser = apiClient(plane.port);
    await browser.client.auth.setup.mutate(ADMIN);
    const begun = await browser.client.me.beginTwoFactor.mutate();
    secret = begun.secret;
    expect(begun.uri).toMatch(/^otpauth:\/\/totp\/Dockmaster:admin\?/);
    const stored = await plane.db.user.findUniqueOrThrow({ where: { username: "admin" } });
    expect(stored.totpSecret).toMatch(/^v1\./); // sealed, not the seed
    expect(stored.totpSecret).not.toContain(secret);
    expect(await trpcFailure(browser.client.me.confirmTwoFactor.mutate({ code: "000000" }))).toMatchObject({ code: "BAD_REQUEST" });
    recovery = (await browser.client.me.confirmTwoFactor.mutate({ code: codeFor(secret) })).recoveryCodes;
    expect(recovery).toHaveLength(10);
    expect(await browser.client.me.twoFactor.query()).toEqual({ enabled: true, recoveryCodesLeft: 10 });
  });

  it("asks for the code after the password, and signs in only with a valid one", async () => {
    const browser = apiClient(plane.port);
    const first = await browser.client.auth.login.mutate(ADMIN);
    expect(first).toMatchObject({ totpRequired: true, user: null });
    expect(browser.jar.has("dm_session")).toBe(false); // no session yet
    expect(await trpcFailure(browser.client.auth.loginTotp.mutate({ challenge: first.challenge!, code: "123456" }))).toMatchObject({ code: "UNAUTHORIZED", message: "invalid two-factor code" });
    const tampered = `${first.challenge!.slice(0, -4)}AAAA`;
    expect(await trpcFailure(browser.client.auth.loginTotp.mutate({ challenge: tampered, code: codeFor(secret, 30) }))).toMatchObject({ code: "UNAUTHORIZED" });
    // The enrollment code's time step is spent: the next step's code (within the ±1 window) works, once.
    const done = await browser.client.auth.loginTotp.mutate({ challenge: first.challenge!, code: codeFor(secret, 30) });
    expect(done.user.username).toBe("admin");
    const replay = apiClient(plane.port);
    const again = await replay.client.auth.login.mutate(ADMIN);
    expect(await trpcFailure(replay.client.auth.loginTotp.mutate({ challenge: again.challenge!, code: codeFor(secret, 30) }))).toMatchObject({ code: "UNAUTHORIZED" });
    expect(browser.jar.has("dm_session")).toBe(true);
    expect(await plane.db.auditEvent.count({ where: { action: "auth.loginTotp", result: "denied" } })).toBeGreaterThanOrEqual(2);
  });

  it("counts a wrong code as a failed sign-in, but not the right password that led to it", async () => {
    const failures = () => plane.db.loginFailure.count({ where: { username: "admin" } });
    const before = await failures();
    const browser = apiClient(plane.port);
    const first = await browser.client.auth.login.mutate(ADMIN);
    expect(first).toMatchObject({ totpRequired: true });
    expect(await failures()).toBe(before);
    expect(await trpcFailure(browser.client.auth.loginTotp.mutate({ challenge: first.challenge!, code: "000000" }))).toMatchObject({ code: "UNAUTHORIZED" });
    expect(await failures()).toBe(before + 1);
  });

  it("accepts each recovery code once", async () => {
    const browser = apiClient(plane.port);
    const { challenge } = await browser.client.auth.login.mutate(ADMIN);
    await browser.client.auth.loginTotp.mutate({ challenge: challenge!, code: recovery[0]! });
    const again = apiClient(plane.port);
    const retry = await again.client.auth.login.mutate(ADMIN);
    expect(await trpcFailure(again.client.auth.loginTotp.mutate({ challenge: retry.challenge!, code: recovery[0]! }))).toMatchObject({ code: "UNAUTHORIZED" });
    expect(await browser.client.me.twoFactor.query()).toEqual({ enabled: true, recoveryCodesLeft: 9 });
  });

  it("turns off only with the password", async () => {
    const browser = apiClient(plane.port);
    const { challenge } = await browser.client.auth.login.mutate(ADMIN);
    await browser.client.auth.loginTotp.mutate({ challenge: challenge!, code: recovery[1]! });
    expect(await trpcFailure(browser.client.me.disableTwoFactor.mutate({ password: "not my password" }))).toMatchObject({ code: "FORBIDDEN" });
    await browser.client.me.disableTwoFactor.mutate({ password: ADMIN.password });
    expect(await apiClient(plane.port).client.auth.login.mutate(ADMIN)).toMatchObject({ totpRequired: false, user: { username: "admin" } });
  });
});

describe("invitations and a two-factor requirement", () => {
  let admin: ReturnType<typeof apiClient>;
  const BOB = { username: "bob", password: "bob's long password" };

  beforeAll(async () => {
    admin = apiClient(plane.port);
    await admin.client.auth.login.mutate(ADMIN); // two-factor was turned off above
  });

  it("an invitation sets the password once; before that nobody can sign in as the invitee", async () => {
    const { token } = await admin.client.users.invite.mutate({ username: BOB.username });
    expect(await trpcFailure(apiClient(plane.port).client.auth.login.mutate({ username: BOB.username, password: "!invited" }))).toMatchObject({ code: "UNAUTHORIZED" });
    const anonymous = apiClient(plane.port).client;
    expect(await trpcFailure(anonymous.auth.acceptInvitation.mutate({ token, password: "short" }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await anonymous.auth.acceptInvitation.mutate({ token, password: BOB.password })).toEqual({ username: "bob" });
    expect(await trpcFailure(anonymous.auth.acceptInvitation.mutate({ token, password: "another long password" }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await plane.db.invitation.count({ where: { tokenHash: token } })).toBe(0); // only the hash is stored
    expect(await apiClient(plane.port).client.auth.login.mutate(BOB)).toMatchObject({ user: { username: "bob" } });
  });

  it("when required, a user without two-factor can only set it up", async () => {
    const bobId = (await plane.db.user.findUniqueOrThrow({ where: { username: "bob" } })).id;
    await plane.db.grant.create({ data: { subjectType: "user", subjectId: bobId, roleId: "builtin-viewer", scopeType: "global" } });
    expect(await trpcFailure(admin.client.settings.update.mutate({ requireTwoFactor: true }))).toMatchObject({ code: "PRECONDITION_FAILED" });
    const { secret: adminSecret } = await admin.client.me.beginTwoFactor.mutate();
    await admin.client.me.confirmTwoFactor.mutate({ code: codeFor(adminSecret) });
    await admin.client.settings.update.mutate({ requireTwoFactor: true });
    const bob = apiClient(plane.port);
    await bob.client.auth.login.mutate(BOB);
    expect((await bob.client.auth.status.query()).user).toMatchObject({ mustSetUpTwoFactor: true });
    const blocked = await trpcFailure(bob.client.hosts.list.query());
    expect(blocked.code).toBe("FORBIDDEN");
    expect(blocked.message).toMatch(/two-factor authentication is required/);
    const { secret: bobSecret } = await bob.client.me.beginTwoFactor.mutate();
    await bob.client.me.confirmTwoFactor.mutate({ code: codeFor(bobSecret) });
    expect(await bob.client.hosts.list.query()).toEqual([]);
    await admin.client.settings.update.mutate({ requireTwoFactor: false });
  });
});
