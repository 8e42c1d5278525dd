import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Secret, TOTP } from "otpauth";
import { builtInRoleId } from "@dockmaster/core";
import { apiClient, removeDir, signedInClient, startTestPlane, trpcFailure, uiClient } from "./support";
import { startTestOp, type TestOp } from "./oidc-op";

/**
 * OpenID Connect single sign-on against a real OpenID Provider (the certified `oidc-provider`
 * package) on loopback, driven the way a browser drives it: Dockmaster's start URL, the
 * provider's login form, the redirect back to Dockmaster's callback.
 */

const ADMIN = { username: "admin", password: "correct horse battery" };
const SECRET = "dockmaster-client-secret-0123456789";
let plane: Awaited<ReturnType<typeof startTestPlane>>;
let op: TestOp;
let admin: ReturnType<typeof apiClient>;
let providerId = "";
let origin = "";

/** Cookies per host, as a browser keeps them (path and expiry ignored: enough for one flow). */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = (pair ?? "").indexOf("=");
      const name = pair!.slice(0, at);
      const value = pair!.slice(at + 1);
      if (value && !/max-age=0/i.test(line)) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  get(name: string) {
    return this.cookies.get(name);
  }
}

async function get(url: string, jar: Jar) {
  const res = await fetch(url, { redirect: "manual", headers: { cookie: jar.header() } });
  jar.take(res);
  return res;
}

/** Start at Dockmaster, sign in at the provider: the callback URL the provider sends the browser to (not followed yet). */
async function throughProvider(username: string, dm = new Jar()) {
  const opJar = new Jar();
  const start = await get(`${origin}/api/sso/start?provider=${providerId}`, dm);
  expect(start.status).toBe(302);
  let location = start.headers.get("location")!;
  expect(location.startsWith(op.issuer)).toBe(true);
  const authorization = new URL(location);
  expect(authorization.searchParams.get("code_challenge_method")).toBe("S256");
  expect(authorization.searchParams.get("nonce")).toBeTruthy();
  for (let hop = 0; hop < 10 && !location.startsWith(origin); hop++) {
    const interaction = /\/op\/interaction\/([\w-]+)$/.exec(new URL(location).pathname);
    const res = interaction
      ? await fetch(location, { method: "POST", redirect: "manual", headers: { cookie: opJar.header(), "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ login: username, password: op.users[username]!.password }) })
      : await get(location, opJar);
    if (interaction) opJar.take(res);
    const next = res.headers.get("location");
    if (!next) throw new Error(`the provider answered ${res.status} without a redirect: ${(await res.text()).slice(0, 300)}`);
    location = new URL(next, location).href;
  }
  expect(location.startsWith(`${origin}/api/sso/callback?`)).toBe(true);
  return { callback: location, dm, authorization };
}

/** Follows the provider's redirect into Dockmaster: where it sends the browser, and the session cookie if one was set. */
async function land(callback: string, dm: Jar) {
  const res = await get(callback, dm);
  expect(res.status).toBe(302);
  return { location: res.headers.get("location")!, session: dm.get("dm_session") ?? null };
}

async function signIn(username: string) {
  const { callback, dm } = await throughProvider(username);
  return land(callback, dm);
}

const lastSso = () => plane.db.auditEvent.findFirstOrThrow({ where: { action: "auth.sso" }, orderBy: { seq: "desc" } });

beforeAll(async () => {
  plane = await startTestPlane();
  origin = `http://127.0.0.1:${plane.port}`;
  op = await startTestOp({
    clients: [{ client_id: "dockmaster", client_secret: SECRET, redirect_uris: [`${origin}/api/sso/callback`], post_logout_redirect_uris: [`${origin}/login`] }],
    users: {
      alice: { password: "alice-pw", email: "alice@corp.test", groups: ["dev-team", "everyone"] },
      bob: { password: "bob-pw", email: "bob@corp.test", groups: ["dev-team"] },
      carol: { password: "carol-pw", email: "carol@corp.test", groups: ["everyone"] },
      erin: { password: "erin-pw", email: "erin@corp.test", groups: [] },
      frank: { password: "frank-pw", email: "frank@corp.test", emailVerified: false, groups: [] },
      gina: { password: "gina-pw", email: "Gina@Corp.test", groups: [] },
    },
  });
  admin = apiClient(plane.port);
  await admin.client.auth.setup.mutate(ADMIN);
});
afterAll(async () => {
  await op?.close();
  await plane?.close();
  removeDir(plane.dir);
});

describe("OIDC single sign-on against a real OpenID Provider", () => {
  it("keeps the client secret sealed and never sends it back; discovery works with and without a trailing slash", async () => {
    const saved = await admin.client.sso.saveProvider.mutate({ kind: "oidc", name: "Corp IdP", enabled: true, secret: SECRET, config: { issuer: `${op.issuer}/`, clientId: "dockmaster" } });
    providerId = saved.id;
    const row = await plane.db.identityProvider.findUniqueOrThrow({ where: { id: providerId } });
    expect(row.secretSealed).toMatch(/^v1\./);
    expect(row.secretSealed).not.toContain(SECRET);
    const listed = await admin.client.sso.providers.query();
    expect(JSON.stringify(listed)).not.toContain(SECRET);
    expect(listed.providers[0]).toMatchObject({ hasSecret: true, name: "Corp IdP" });
    expect(listed.callbackUrl).toBe(`${origin}/api/sso/callback`);
    const audit = await plane.db.auditEvent.findFirstOrThrow({ where: { action: "sso.saveProvider" } });
    expect(audit.params).not.toContain(SECRET);
    // The provider's issuer has no trailing slash; configured with one, discovery still works…
    expect((await throughProvider("alice")).authorization.origin).toBe(new URL(op.issuer).origin);
    // …and configured without one too.
    await admin.client.sso.saveProvider.mutate({ id: providerId, kind: "oidc", name: "Corp IdP", enabled: true, config: { issuer: op.issuer, clientId: "dockmaster", allowJit: true } });
    expect((await throughProvider("alice")).authorization.origin).toBe(new URL(op.issuer).origin);
  });

  it("creates the user on first sign-in with the mapped team's access, rebuilt at each sign-in: removed from the group → access gone, open sessions and sockets included", async () => {
    const devs = await admin.client.teams.create.mutate({ name: "devs" });
    await admin.client.grants.create.mutate({ subjectType: "team", subjectId: devs.id, roleId: builtInRoleId("viewer"), scopeType: "global" });
    await admin.client.sso.addMapping.mutate({ providerId, group: "dev-team", teamId: devs.id });
    const host = await plane.db.host.create({ data: { name: "sso-host" } });

    const first = await signIn("alice");
    expect(first.location).toBe("/");
    expect(first.session).toBeTruthy();
    const alice = signedInClient(plane.port, `dm_session=${first.session}`);
    const status = await alice.auth.status.query();
    expect(status.user).toMatchObject({ username: "alice" });
    expect(status.user!.globalPermissions).toContain("host.view");
    const signInRecord = await lastSso();
    expect(signInRecord).toMatchObject({ result: "ok", actorName: "alice" });
    expect(signInRecord.params).toContain("devs");

    // The open session's socket, following the host it may see.
    const socket = await uiClient(plane.port, `dm_session=${first.session}`);
    const lost = new Promise<unknown>((resolve) => socket.on("host:changed", (m: { hostId: string; change: string }) => m.hostId === host.id && m.change === "access" && resolve(m)));

    op.users.alice!.groups = ["everyone"]; // removed from dev-team at the provider
    const second = await signIn("alice");
    expect(second.location).toBe("/");
    await expect(lost).resolves.toBeTruthy();
    socket.close();
    // The first session (still open) lost the team's access at once, as the new one has.
    expect((await alice.auth.status.query()).user!.globalPermissions).not.toContain("host.view");
    expect((await signedInClient(plane.port, `dm_session=${second.session}`).auth.status.query()).user!.globalPermissions).not.toContain("host.view");
    const members = await plane.db.teamMember.count({ where: { teamId: devs.id } });
    expect(members).toBe(0);
    expect((await lastSso()).params).toContain('"removed":["devs"]');
  });

  it("refuses a tampered state, audited with the reason", async () => {
    const { callback, dm } = await throughProvider("bob");
    const tampered = new URL(callback);
    tampered.searchParams.set("state", `${tampered.searchParams.get("state")}x`);
    const landed = await land(tampered.href, dm);
    expect(landed).toEqual({ location: "/login?sso_error=state", session: null });
    expect(await lastSso()).toMatchObject({ result: "denied", error: "bad state: it does not match this browser's sign-in" });
  });

  it("refuses a replayed code: the same callback again, and the code under a fresh sign-in", async () => {
    const { callback, dm } = await throughProvider("bob");
    const cookie = dm.get("dm_sso_state")!;
    expect((await land(callback, dm)).location).toBe("/");
    // The very same callback, state cookie and all, replayed.
    const replay = new Jar();
    await get(`${origin}/api/sso/start?provider=${providerId}`, replay); // any cookie jar
    const again = await fetch(callback, { redirect: "manual", headers: { cookie: `dm_sso_state=${cookie}` } });
    expect(again.headers.get("location")).toBe("/login?sso_error=state");
    expect(await lastSso()).toMatchObject({ result: "denied", error: "bad state: unknown or already used" });
    // The code under a fresh sign-in's own state: the provider refuses the spent code.
    const fresh = await throughProvider("bob");
    const withOldCode = new URL(fresh.callback);
    withOldCode.searchParams.set("code", new URL(callback).searchParams.get("code")!);
    expect(await land(withOldCode.href, fresh.dm)).toEqual({ location: "/login?sso_error=code", session: null });
    expect((await lastSso()).error).toMatch(/^the provider refused the code: invalid_grant/);
  });

  it("refuses an ID token issued for another audience, an expired one and a forged one, audited", async () => {
    try {
      op.tamperIdToken = (claims) => ({ ...claims, aud: "another-app" });
      expect(await signIn("bob")).toEqual({ location: "/login?sso_error=token", session: null });
      const record = await lastSso();
      expect(record).toMatchObject({ result: "denied" });
      expect(record.error).toMatch(/^ID token or response refused: .*"aud"/);
      op.tamperIdToken = (claims) => ({ ...claims, iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 });
      expect(await signIn("bob")).toEqual({ location: "/login?sso_error=token", session: null });
      expect((await lastSso()).error).toMatch(/"exp"/);
      // Claims untouched but signed by a key that is not the provider's: the JWKS check refuses it.
      op.tamperIdToken = (claims) => claims;
      op.forgeSignature = true;
      expect(await signIn("bob")).toEqual({ location: "/login?sso_error=token", session: null });
      expect((await lastSso()).error).toMatch(/signature/i);
      op.forgeSignature = false;
      // An untampered token of the same shape passes: the refusals were the audience and the expiry.
      op.tamperIdToken = (claims) => claims;
      expect((await signIn("bob")).location).toBe("/");
    } finally {
      op.tamperIdToken = null;
      op.forgeSignature = false;
    }
  });

  it("keeps a disabled user out whatever the provider says", async () => {
    const bob = await plane.db.user.findUniqueOrThrow({ where: { username: "bob" } });
    await admin.client.users.setDisabled.mutate({ userId: bob.id, disabled: true });
    expect(await signIn("bob")).toEqual({ location: "/login?sso_error=disabled", session: null });
    expect(await lastSso()).toMatchObject({ result: "denied", error: "disabled user" });
  });

  it("refuses a user with no allowed group, and a new user when just-in-time accounts are off", async () => {
    const base = { issuer: op.issuer, clientId: "dockmaster" };
    await admin.client.sso.saveProvider.mutate({ id: providerId, kind: "oidc", name: "Corp IdP", enabled: true, config: { ...base, requireMappedGroup: true } });
    expect(await signIn("carol")).toEqual({ location: "/login?sso_error=group", session: null });
    expect((await lastSso()).error).toBe("no allowed group: none of this user's groups maps to a team");
    await admin.client.sso.saveProvider.mutate({ id: providerId, kind: "oidc", name: "Corp IdP", enabled: true, config: { ...base, allowJit: false } });
    expect(await signIn("carol")).toEqual({ location: "/login?sso_error=account", session: null });
    expect(await plane.db.user.count({ where: { username: "carol" } })).toBe(0);
  });

  it("links an existing local account only by a verified email, and only when allowed", async () => {
    const base = { issuer: op.issuer, clientId: "dockmaster", allowJit: false };
    const local = await admin.client.users.create.mutate({ username: "erin@corp.test", password: "correct horse battery" });
    await admin.client.users.create.mutate({ username: "frank@corp.test", password: "correct horse battery" });
    // Not allowed: no link (and no new account: JIT is off).
    expect((await signIn("erin")).location).toBe("/login?sso_error=account");
    await admin.client.sso.saveProvider.mutate({ id: providerId, kind: "oidc", name: "Corp IdP", enabled: true, config: { ...base, linkByVerifiedEmail: true } });
    const erin = await signIn("erin");
    expect(erin.location).toBe("/");
    expect((await signedInClient(plane.port, `dm_session=${erin.session}`).auth.status.query()).user).toMatchObject({ id: local.id });
    // frank's email is not verified at the provider: never linked.
    expect((await signIn("frank")).location).toBe("/login?sso_error=account");
    // A local account whose name is not an email is linked by the email an admin set on it (case-insensitive).
    const gina = await admin.client.users.create.mutate({ username: "gina", password: "correct horse battery" });
    expect((await signIn("gina")).location).toBe("/login?sso_error=account");
    await admin.client.users.setEmail.mutate({ userId: gina.id, email: "gina@corp.test" });
    expect(await trpcFailure(admin.client.users.setEmail.mutate({ userId: local.id, email: "GINA@corp.test" }))).toMatchObject({ code: "CONFLICT" });
    const linked = await signIn("gina");
    expect(linked.location).toBe("/");
    expect((await signedInClient(plane.port, `dm_session=${linked.session}`).auth.status.query()).user).toMatchObject({ id: gina.id });
  });

  it("asks a user with two-factor on for the code after the provider: the provider is not taken as the second factor", async () => {
    const { session } = await signIn("alice");
    const alice = signedInClient(plane.port, `dm_session=${session}`);
    const { secret } = await alice.me.beginTwoFactor.mutate();
    const code = (offset = 0) => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp: Date.now() + offset * 1000 });
    await alice.me.confirmTwoFactor.mutate({ code: code() });
    const landed = await signIn("alice");
    expect(landed.session).toBeNull(); // no session from the provider alone
    const challenge = /^\/login#sso-challenge=(.+)$/.exec(landed.location)?.[1];
    expect(challenge).toBeTruthy();
    const browser = apiClient(plane.port);
    expect(await trpcFailure(browser.client.auth.loginTotp.mutate({ challenge: decodeURIComponent(challenge!), code: "000000" }))).toMatchObject({ code: "UNAUTHORIZED" });
    const done = await browser.client.auth.loginTotp.mutate({ challenge: decodeURIComponent(challenge!), code: code(30) });
    expect(done.user.username).toBe("alice");
    // The session the code step opens still came from the provider: sign-out ends the provider's session too.
    const newest = await plane.db.session.findFirst({ where: { user: { username: "alice" } }, orderBy: { createdAt: "desc" }, select: { ssoProviderId: true, idTokenSealed: true } });
    expect(newest?.ssoProviderId).toBe(providerId);
    expect(newest?.idTokenSealed).toBeTruthy();
    // (The next test needs alice without two-factor: turned off in the database; she has no password to turn it off with.)
    await plane.db.user.update({ where: { username: "alice" }, data: { totpEnabledAt: null, totpSecret: null } });
  });

  it("signs out of the provider too (RP-initiated logout) and the admin procedures refuse what they should", async () => {
    await admin.client.sso.saveProvider.mutate({ id: providerId, kind: "oidc", name: "Corp IdP", enabled: true, config: { issuer: op.issuer, clientId: "dockmaster" } });
    op.users.alice!.groups = ["dev-team"];
    const { session } = await signIn("alice");
    const alice = signedInClient(plane.port, `dm_session=${session}`);
    const out = await alice.auth.logout.mutate();
    const logout = new URL(out.providerLogoutUrl!);
    expect(logout.href.startsWith(`${op.issuer}/session/end`)).toBe(true);
    expect(logout.searchParams.get("post_logout_redirect_uri")).toBe(`${origin}/login`);
    expect(logout.searchParams.get("id_token_hint")).toBeTruthy();
    expect(await plane.db.session.count({ where: { user: { username: "alice" }, ssoProviderId: providerId } })).toBeGreaterThan(0); // the older sessions
    // The provider accepts the hint: its logout page answers (here without a provider session: the confirming form).
    const page = await fetch(logout, { redirect: "manual" });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("/session/end/confirm");
    // alice (a viewer through her team) cannot touch the providers or their mappings.
    const fresh = await signIn("alice");
    const viewer = signedInClient(plane.port, `dm_session=${fresh.session}`);
    expect(await trpcFailure(viewer.sso.providers.query())).toMatchObject({ code: "FORBIDDEN" });
    expect(await trpcFailure(viewer.sso.addMapping.mutate({ providerId, group: "admins", teamId: "x" }))).toMatchObject({ code: "FORBIDDEN" });
  });

  it("follows the provider's key rotation: the new key is fetched from its JWKS (at most once a minute)", async () => {
    await admin.client.sso.saveProvider.mutate({ id: providerId, kind: "oidc", name: "Corp IdP", enabled: true, config: { issuer: op.issuer, clientId: "dockmaster" } });
    expect((await signIn("alice")).location).toBe("/"); // the current key is cached
    await op.rotateKeys();
    // Within a minute of the last JWKS download the library does not fetch it again (a flood of
    // unknown key ids cannot make it hammer the provider): the new key is not known yet.
    expect((await signIn("alice")).location).toBe("/login?sso_error=token");
    expect((await lastSso()).error).toMatch(/no applicable keys found/);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 61_000);
      const after = await signIn("alice");
      expect(after.location).toBe("/");
      expect(after.session).toBeTruthy();
    } finally {
      vi.useRealTimers();
    }
  });
});
