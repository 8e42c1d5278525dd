import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInRoleId, createApiToken } from "@dockmaster/core";
import { removeDir, signedInClient, signedInUser, startTestPlane } from "./support";

/**
 * What held against the outside probe of issue 13 (keep it that way): mutations are refused over
 * GET, the calls of a batched request are checked (and audited) one by one, and expired, revoked
 * or query-string API tokens are refused.
 */
let plane: Awaited<ReturnType<typeof startTestPlane>>;
let hostA: string;
let hostB: string;
const base = () => `http://127.0.0.1:${plane.port}/api/trpc`;
const input = (value: unknown) => encodeURIComponent(JSON.stringify(value));

beforeAll(async () => {
  plane = await startTestPlane();
  hostA = (await plane.db.host.create({ data: { name: "host-a" } })).id;
  hostB = (await plane.db.host.create({ data: { name: "host-b" } })).id;
});
afterAll(async () => {
  await plane.close();
  removeDir(plane.dir);
});

describe("mutations over GET", () => {
  it("are refused with 405 and do nothing", async () => {
    const admin = await signedInUser(plane.db, "get-admin", [{ role: "admin" }]);
    const res = await fetch(`${base()}/users.create?input=${input({ json: { username: "via-get", password: "correct horse battery" } })}`, { headers: { cookie: admin.cookie } });
    expect(res.status).toBe(405);
    expect(await plane.db.user.count({ where: { username: "via-get" } })).toBe(0);
  });
});

describe("a batched request", () => {
  it("checks and audits each call on its own: one allowed, two refused, each with its own host", async () => {
    const operator = await signedInUser(plane.db, "batch-operator", [{ role: "operator", hostId: hostA }]);
    const paths = "hosts.get,hosts.get,users.list";
    const res = await fetch(`${base()}/${paths}?batch=1&input=${input({ 0: { json: { hostId: hostA } }, 1: { json: { hostId: hostB } }, 2: { json: null } })}`, { headers: { cookie: operator.cookie } });
    const answers = (await res.json()) as Array<{ result?: unknown; error?: { json: { data: { code: string } } } }>;
    expect(answers.map((a) => a.error?.json.data.code ?? "ok")).toEqual(["ok", "FORBIDDEN", "FORBIDDEN"]);
    const denied = await plane.db.auditEvent.findMany({ where: { actorName: "batch-operator", result: "denied" }, orderBy: { seq: "asc" }, select: { action: true, hostId: true } });
    expect(denied).toEqual([
      { action: "hosts.get", hostId: hostB },
      { action: "users.list", hostId: null },
    ]);
  });

  it("a batched mutation refused for one call does not carry another call's target into its record", async () => {
    const admin = await signedInUser(plane.db, "batch-admin", [{ role: "admin", hostId: hostA }]);
    const res = await fetch(`${base()}/hosts.rename,users.create?batch=1`, {
      method: "POST",
      headers: { cookie: admin.cookie, "content-type": "application/json" },
      body: JSON.stringify({ 0: { json: { hostId: hostA, name: "renamed-a" } }, 1: { json: { username: "batch-made", password: "correct horse battery" } } }),
    });
    const answers = (await res.json()) as Array<{ error?: { json: { data: { code: string } } } }>;
    expect(answers.map((a) => a.error?.json.data.code ?? "ok")).toEqual(["ok", "FORBIDDEN"]);
    expect(await plane.db.user.count({ where: { username: "batch-made" } })).toBe(0);
    const refused = await plane.db.auditEvent.findFirstOrThrow({ where: { action: "users.create", actorName: "batch-admin" } });
    expect(refused).toMatchObject({ result: "denied", hostId: null, targetName: null });
  });
});

describe("API tokens", () => {
  const listHosts = (token: string) => fetch(`${base()}/hosts.list`, { headers: { authorization: `Bearer ${token}` } });

  it("an expired token is refused", async () => {
    const owner = await signedInUser(plane.db, "expired-owner", [{ role: "admin" }]);
    const { token } = await createApiToken(plane.db, owner.id, { name: "old", roleId: builtInRoleId("viewer"), hostIds: null, expiresAt: new Date(Date.now() - 1_000) });
    expect((await listHosts(token)).status).toBe(401);
  });

  it("a revoked token is refused from the moment it is revoked", async () => {
    const owner = await signedInUser(plane.db, "revoking-owner", [{ role: "admin" }]);
    const session = signedInClient(plane.port, owner.cookie);
    const created = await session.me.createToken.mutate({ name: "to-revoke", roleId: builtInRoleId("viewer") });
    expect((await listHosts(created.token)).status).toBe(200);
    await session.me.revokeToken.mutate({ tokenId: created.id });
    expect((await listHosts(created.token)).status).toBe(401);
  });

  it("a token in the query string or a cookie is not a credential", async () => {
    const owner = await signedInUser(plane.db, "query-owner", [{ role: "admin" }]);
    const { token } = await createApiToken(plane.db, owner.id, { name: "q", roleId: builtInRoleId("viewer"), hostIds: null, expiresAt: null });
    expect((await fetch(`${base()}/hosts.list?token=${token}`)).status).toBe(401);
    expect((await fetch(`${base()}/hosts.list?access_token=${token}`)).status).toBe(401);
    expect((await fetch(`${base()}/hosts.list`, { headers: { cookie: `dm_session=${token}` } })).status).toBe(401);
  });
});
