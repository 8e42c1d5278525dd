import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "@dockmaster/api";
import { builtInRoleId, createApiToken, loadAccess, resolveApiToken, type Actor } from "@dockmaster/core";
import { removeDir, signedInUser, startTestPlane } from "./support";
import { callerContext, refusal } from "./authz-support";

/**
 * Issue 13, finding 4: an API token escaped its limits — a token limited to role viewer on one
 * host called me.createToken with roleId admin, hostIds null and got an admin token. A token can
 * never mint (or manage) tokens; a session mints only within its own access.
 */
let plane: Awaited<ReturnType<typeof startTestPlane>>;
let hostA: string;
let hostB: string;

async function sessionActor(username: string, grants: Parameters<typeof signedInUser>[2]): Promise<Actor> {
  const user = await signedInUser(plane.db, username, grants);
  return { kind: "user", id: user.id, username, access: await loadAccess(plane.db, user.id) };
}

async function tokenActor(owner: Actor, role: "viewer" | "admin", hostIds: string[] | null): Promise<Actor> {
  const { token } = await createApiToken(plane.db, owner.id, { name: `${role}-token`, roleId: builtInRoleId(role), hostIds, expiresAt: null });
  return (await resolveApiToken(plane.db, token))!;
}

const call = (actor: Actor) => createCaller(callerContext(plane, actor, "api-tokens"));
const tokensOf = (userId: string) => plane.db.apiToken.count({ where: { userId } });

beforeAll(async () => {
  plane = await startTestPlane();
  hostA = (await plane.db.host.create({ data: { name: "host-a" } })).id;
  hostB = (await plane.db.host.create({ data: { name: "host-b" } })).id;
});
afterAll(async () => {
  await plane.close();
  removeDir(plane.dir);
});

describe("a token can never mint a token", () => {
  it("a viewer token on one host asking for a global admin token is refused", async () => {
    const owner = await sessionActor("token-owner", [{ role: "admin" }]);
    const token = await tokenActor(owner, "viewer", [hostA]);
    const before = await tokensOf(owner.id);
    const error = await refusal(call(token).me.createToken({ name: "escalated", roleId: builtInRoleId("admin"), hostIds: null }));
    expect(error.code).toBe("FORBIDDEN");
    expect(await tokensOf(owner.id)).toBe(before);
  });

  it("not even a global admin token mints, lists or revokes tokens", async () => {
    const owner = await sessionActor("admin-owner", [{ role: "admin" }]);
    const token = await tokenActor(owner, "admin", null);
    expect((await refusal(call(token).me.createToken({ name: "child", roleId: builtInRoleId("viewer") }))).code).toBe("FORBIDDEN");
    expect((await refusal(call(token).me.tokens())).code).toBe("FORBIDDEN");
    expect((await refusal(call(token).me.revokeToken({ tokenId: token.tokenId! }))).code).toBe("FORBIDDEN");
    expect((await plane.db.apiToken.findUniqueOrThrow({ where: { id: token.tokenId! } })).revokedAt).toBeNull();
  });
});

describe("a session mints only within its own access", () => {
  it("a host-scoped admin cannot get a global admin token, nor one on a host it does not hold", async () => {
    const hostAdmin = await sessionActor("host-admin", [{ role: "admin", hostId: hostA }]);
    expect((await refusal(call(hostAdmin).me.createToken({ name: "global", roleId: builtInRoleId("admin"), hostIds: null }))).code).toBe("FORBIDDEN");
    expect((await refusal(call(hostAdmin).me.createToken({ name: "other-host", roleId: builtInRoleId("admin"), hostIds: [hostA, hostB] }))).message).toMatch(new RegExp(`on host ${hostB}`));
    expect(await tokensOf(hostAdmin.id)).toBe(0);
  });

  it("a host-scoped admin may get an admin token on its own host, and that token stays there", async () => {
    const hostAdmin = await sessionActor("host-admin-2", [{ role: "admin", hostId: hostA }]);
    const created = await call(hostAdmin).me.createToken({ name: "own-host", roleId: builtInRoleId("admin"), hostIds: [hostA] });
    const token = (await resolveApiToken(plane.db, created.token))!;
    expect(token.access.can("container.operate", hostA)).toBe(true);
    expect(token.access.can("container.operate", hostB)).toBe(false);
    expect(token.access.can("user.manage")).toBe(false);
  });

  it("a global viewer cannot get an operator token", async () => {
    const viewer = await sessionActor("viewer", [{ role: "viewer" }]);
    const error = await refusal(call(viewer).me.createToken({ name: "operator", roleId: builtInRoleId("operator"), hostIds: null }));
    expect(error).toMatchObject({ code: "FORBIDDEN" });
    expect(error.message).toMatch(/container\.operate/);
    const own = await call(viewer).me.createToken({ name: "viewer", roleId: builtInRoleId("viewer"), hostIds: null });
    expect(own.token).toMatch(/^dmt_/);
  });
});
