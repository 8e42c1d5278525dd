import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInRoleId, createApiToken, resolveApiToken, updateSettings } from "@dockmaster/core";
import { removeDir, signedInClient, signedInUser, startTestPlane, trpcFailure } from "./support";

/**
 * Issue 13, finding 6: with two-factor required, a password-only session could still create an
 * API token that then worked, tokens made before stayed valid, and the exports answered 200.
 * Finding 14 (part): an admin password reset left the user's API tokens working.
 */
let plane: Awaited<ReturnType<typeof startTestPlane>>;
const url = (path: string) => `http://127.0.0.1:${plane.port}${path}`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  plane = await startTestPlane();
});
afterAll(async () => {
  await plane.close();
  removeDir(plane.dir);
});

describe("two-factor required", () => {
  let withoutTwoFactor: { id: string; cookie: string };
  let oldToken = "";
  let twoFactorToken = "";

  beforeAll(async () => {
    withoutTwoFactor = await signedInUser(plane.db, "password-only", [{ role: "admin" }]);
    oldToken = (await createApiToken(plane.db, withoutTwoFactor.id, { name: "made-before", roleId: builtInRoleId("admin"), hostIds: null, expiresAt: null })).token;
    const withTwoFactor = await signedInUser(plane.db, "has-two-factor", [{ role: "admin" }]);
    await plane.db.user.update({ where: { id: withTwoFactor.id }, data: { totpEnabledAt: new Date() } });
    twoFactorToken = (await createApiToken(plane.db, withTwoFactor.id, { name: "fine", roleId: builtInRoleId("admin"), hostIds: null, expiresAt: null })).token;
    await updateSettings(plane.db, { requireTwoFactor: true });
  });

  it("a password-only session cannot create an API token", async () => {
    const client = signedInClient(plane.port, withoutTwoFactor.cookie);
    const refused = await trpcFailure(client.me.createToken.mutate({ name: "sneaky", roleId: builtInRoleId("viewer") }));
    expect(refused).toMatchObject({ code: "FORBIDDEN", httpStatus: 403 });
    expect(refused.message).toMatch(/two-factor authentication is required/);
    expect(await plane.db.apiToken.count({ where: { userId: withoutTwoFactor.id } })).toBe(1);
  });

  it("a token made before stops working, with a clear 403; a two-factor user's token works", async () => {
    const refused = await fetch(url("/api/trpc/hosts.list"), { headers: bearer(oldToken) });
    expect(refused.status).toBe(403);
    expect(JSON.stringify(await refused.json())).toMatch(/two-factor authentication is required here: this token works again once its owner has turned it on/);
    expect((await fetch(url("/api/trpc/settings.get"), { headers: bearer(oldToken) })).status).toBe(403);
    expect((await fetch(url("/api/trpc/hosts.list"), { headers: bearer(twoFactorToken) })).status).toBe(200);
  });

  it.each(["/api/events/export?format=json", "/api/audit/export?format=json"])("%s refuses a password-only session and its token (403), not a two-factor user's token", async (path) => {
    const bySession = await fetch(url(path), { headers: { cookie: withoutTwoFactor.cookie } });
    expect(bySession.status).toBe(403);
    expect(await bySession.text()).toMatch(/two-factor authentication is required/);
    expect((await fetch(url(path), { headers: bearer(oldToken) })).status).toBe(403);
    expect((await fetch(url(path), { headers: bearer(twoFactorToken) })).status).toBe(200);
  });

  it("the token works again once its owner has turned two-factor on", async () => {
    await plane.db.user.update({ where: { id: withoutTwoFactor.id }, data: { totpEnabledAt: new Date() } });
    expect((await fetch(url("/api/trpc/hosts.list"), { headers: bearer(oldToken) })).status).toBe(200);
    await updateSettings(plane.db, { requireTwoFactor: false });
  });
});

describe("an admin's password reset or disabling revokes the user's API tokens", () => {
  it.each(["resetPassword", "setDisabled"] as const)("users.%s", async (how) => {
    const admin = signedInClient(plane.port, (await signedInUser(plane.db, `admin-${how}`, [{ role: "admin" }])).cookie);
    const user = await signedInUser(plane.db, `user-${how}`, [{ role: "operator" }]);
    const { token } = await createApiToken(plane.db, user.id, { name: "ci", roleId: builtInRoleId("operator"), hostIds: null, expiresAt: null });
    expect(await resolveApiToken(plane.db, token)).not.toBeNull();
    if (how === "resetPassword") await admin.users.resetPassword.mutate({ userId: user.id, password: "a brand new password" });
    else await admin.users.setDisabled.mutate({ userId: user.id, disabled: true });
    expect(await resolveApiToken(plane.db, token)).toBeNull();
    expect((await fetch(url("/api/trpc/hosts.list"), { headers: bearer(token) })).status).toBe(401);
  });
});
