import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, freshPostgresDatabase, removeDir, startTestPlane, trpcFailure } from "./support";


// The same story on both providers: the embedded SQLite default and PostgreSQL for larger installs.
describe.each(["sqlite", "postgresql"] as const)("control plane over HTTP (%s)", (provider) => {
  let plane: Awaited<ReturnType<typeof startTestPlane>>;
  let dropDatabase = async () => {};

  beforeAll(async () => {
    if (provider === "postgresql") {
      const db = await freshPostgresDatabase(`dm_api_${process.pid}`);
      dropDatabase = () => db.drop();
      plane = await startTestPlane(undefined, 0, db.url);
    } else {
      plane = await startTestPlane();
    }
  });
  afterAll(async () => {
    await plane.close();
    removeDir(plane.dir);
    await dropDatabase();
  });

  it("reports health of the database and the agent hub", async () => {
    const res = await fetch(`http://127.0.0.1:${plane.port}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: { ok: true, provider }, agentHub: { ok: true, connectedAgents: 0 } });
  });

  it("asks for setup first and refuses everything else without a session (audited)", async () => {
    const { client } = apiClient(plane.port);
    expect(await client.auth.status.query()).toEqual({ needsSetup: true, user: null });
    const denied = await trpcFailure(client.hosts.list.query());
    expect(denied).toMatchObject({ code: "UNAUTHORIZED", httpStatus: 401 });
    const row = await plane.db.auditEvent.findFirst({ where: { action: "hosts.list" }, orderBy: { seq: "desc" } });
    expect(row).toMatchObject({ result: "denied", actorType: "anonymous" });
  });

  it("rejects a weak first password with a clear message", async () => {
    const { client } = apiClient(plane.port);
    const error = await trpcFailure(client.auth.setup.mutate({ username: "admin", password: "short" }));
    expect(error).toMatchObject({ code: "BAD_REQUEST", message: "password must be at least 12 characters" });
  });

  it("creates the first admin with an argon2id hash and an HttpOnly SameSite cookie, once", async () => {
    const browser = apiClient(plane.port);
    const { user } = await browser.client.auth.setup.mutate({ username: "admin", password: "correct horse battery" });
    expect(user).toMatchObject({ username: "admin", role: "admin" });
    expect(user.globalPermissions).toContain("user.manage");
    const cookie = browser.setCookies.find((c) => c.startsWith("dm_session="));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const setupRow = await plane.db.auditEvent.findFirstOrThrow({ where: { action: "auth.setup", result: "ok" } });
    expect(setupRow.correlationId).toMatch(/^[0-9a-f-]{36}$/); // the request's id, also sent as x-request-id
    const stored = await plane.db.user.findUniqueOrThrow({ where: { username: "admin" } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    // the cookie holds a token; the database only its hash
    const token = browser.jar.get("dm_session")!;
    expect(await plane.db.session.count({ where: { id: token } })).toBe(0);
    expect(await plane.db.session.count()).toBe(1);

    expect(await browser.client.auth.status.query()).toMatchObject({ needsSetup: false, user: { username: "admin" } });
    const replay = await trpcFailure(apiClient(plane.port).client.auth.setup.mutate({ username: "evil", password: "another long password" }));
    expect(replay).toMatchObject({ code: "FORBIDDEN", message: "setup is already complete" });
  });

  it("logs in and out; a wrong password is refused and audited", async () => {
    const browser = apiClient(plane.port);
    const wrong = await trpcFailure(browser.client.auth.login.mutate({ username: "admin", password: "not the password" }));
    expect(wrong).toMatchObject({ code: "UNAUTHORIZED", message: "invalid username or password" });
    const unknown = await trpcFailure(browser.client.auth.login.mutate({ username: "nobody", password: "not the password" }));
    expect(unknown.message).toBe("invalid username or password");
    const failed = await plane.db.auditEvent.findFirst({ where: { action: "auth.login" }, orderBy: { seq: "desc" } });
    expect(failed).toMatchObject({ result: "denied", actorName: "nobody" });
    expect(failed?.params).not.toContain("not the password");

    await browser.client.auth.login.mutate({ username: "admin", password: "correct horse battery" });
    expect(await browser.client.hosts.list.query()).toEqual([]);
    await browser.client.auth.logout.mutate();
    expect(browser.jar.has("dm_session")).toBe(false);
    const ok = await plane.db.auditEvent.findFirst({ where: { action: "auth.logout" }, orderBy: { seq: "desc" } });
    expect(ok).toMatchObject({ result: "ok", actorName: "admin" });
  });

  it("answers invalid input with BAD_REQUEST naming the field, and unknown hosts with NOT_FOUND", async () => {
    const browser = apiClient(plane.port);
    await browser.client.auth.login.mutate({ username: "admin", password: "correct horse battery" });
    const bad = await trpcFailure(browser.client.containers.stop.mutate({ hostId: "", id: "web" }));
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.message).toContain("hostId");
    const missing = await trpcFailure(browser.client.containers.list.query({ hostId: "no-such-host" }));
    expect(missing).toMatchObject({ code: "NOT_FOUND", message: "host no-such-host not found" });
    const raw = await fetch(`http://127.0.0.1:${plane.port}/api/trpc/containers.stop`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: browser.cookieHeader() },
      body: "{not json",
    });
    expect(raw.status).toBe(400);
  });

  it("keeps a verifiable hash chain and names the first tampered record", async () => {
    const before = await plane.audit.verify();
    expect(before.ok).toBe(true);
    expect(before.count).toBeGreaterThan(5);
    const victim = await plane.db.auditEvent.findFirstOrThrow({ where: { action: "auth.login", result: "ok" } });
    await plane.db.auditEvent.update({ where: { seq: victim.seq }, data: { actorName: "someone-else" } });
    expect(await plane.audit.verify()).toMatchObject({ ok: false, brokenAt: victim.seq });
    await plane.db.auditEvent.update({ where: { seq: victim.seq }, data: { actorName: victim.actorName } });
    expect((await plane.audit.verify()).ok).toBe(true);
    await plane.db.auditEvent.delete({ where: { seq: victim.seq } });
    expect(await plane.audit.verify()).toMatchObject({ ok: false, brokenAt: victim.seq + 1 });
  });
});
