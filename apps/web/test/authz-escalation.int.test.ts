import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "@dockmaster/api";
import { builtInRoleId, createApiToken, getSettings, hashPassword, loadAccess, resolveApiToken, verifyPassword, type Actor } from "@dockmaster/core";
import { callerContext, refusal } from "./authz-support";
import { removeDir, signedInUser, startTestPlane } from "./support";

/**
 * Issue 13, finding 1: authorization reads only validated input. A user who is admin on one host
 * (or an admin API token limited to one host) used to pass global procedures by adding
 * `"hostId": "<their host>"` to the input: the permission check read the raw input, then zod
 * stripped the key. Each of these must be refused, and change nothing.
 */
let plane: Awaited<ReturnType<typeof startTestPlane>>;
let hostA: string;
let victimId: string;
const callers = new Map<string, Actor>();

const contextFor = (actor: Actor) => callerContext(plane, actor, "escalation");

beforeAll(async () => {
  plane = await startTestPlane();
  hostA = (await plane.db.host.create({ data: { name: "host-a" } })).id;
  await plane.db.host.create({ data: { name: "host-b" } });
  const hostAdmin = await signedInUser(plane.db, "host-admin", [{ role: "admin", hostId: hostA }]);
  callers.set("admin on host A only", { kind: "user", id: hostAdmin.id, username: "host-admin", access: await loadAccess(plane.db, hostAdmin.id) });
  const owner = await signedInUser(plane.db, "token-owner", [{ role: "admin" }]);
  const { token } = await createApiToken(plane.db, owner.id, { name: "host-a-admin", roleId: builtInRoleId("admin"), hostIds: [hostA], expiresAt: null });
  callers.set("admin API token limited to host A", (await resolveApiToken(plane.db, token))!);
  victimId = (await plane.db.user.create({ data: { username: "victim", passwordHash: await hashPassword("correct horse battery") } })).id;
});
afterAll(async () => {
  await plane.close();
  removeDir(plane.dir);
});

const ESCALATIONS: Array<[string, (c: ReturnType<typeof createCaller>, self: Actor) => Promise<unknown>]> = [
  ["users.list", (c) => c.users.list({ hostId: hostA } as never)],
  ["grants.list", (c) => c.grants.list({ hostId: hostA } as never)],
  ["registries.list", (c) => c.registries.list({ hostId: hostA } as never)],
  ["audit.list", (c) => c.audit.list({ hostId: hostA })],
  ["settings.update", (c) => c.settings.update({ hostId: hostA, eventRetentionDays: 1 } as never)],
  ["users.create", (c) => c.users.create({ hostId: hostA, username: `made-${Math.random().toString(36).slice(2, 8)}`, password: "correct horse battery" } as never)],
  ["grants.create (a global admin grant for oneself)", (c, self) => c.grants.create({ hostId: hostA, scopeType: "global", subjectType: "user", subjectId: self.id, roleId: builtInRoleId("admin") } as never)],
  ["users.resetPassword", (c) => c.users.resetPassword({ hostId: hostA, userId: victimId, password: "owned owned owned" } as never)],
];

describe("a host-scoped admin and a host-limited admin token stay on their host", () => {
  for (const who of ["admin on host A only", "admin API token limited to host A"]) {
    it.each(ESCALATIONS)(`${who}: %s with an added hostId is refused`, async (path, call) => {
      const actor = callers.get(who)!;
      const error = await refusal(call(createCaller(contextFor(actor)), actor));
      // audit.list has a hostId filter (checked globally: FORBIDDEN); every other one takes no host at all.
      if (path === "audit.list") expect(error).toMatchObject({ code: "FORBIDDEN", message: "permission audit.view is required" });
      else expect(error).toMatchObject({ code: "BAD_REQUEST", message: 'invalid input: unknown key "hostId"' });
    });
  }

  it("and nothing changed: no new user, no global grant, the victim's password, the settings", async () => {
    expect(await plane.db.user.count({ where: { username: { startsWith: "made-" } } })).toBe(0);
    expect(await plane.db.grant.count({ where: { scopeType: "global", roleId: builtInRoleId("admin"), subjectId: callers.get("admin on host A only")!.id } })).toBe(0);
    const victim = await plane.db.user.findUniqueOrThrow({ where: { id: victimId } });
    expect(await verifyPassword(victim.passwordHash, "correct horse battery")).toBe(true);
    expect((await getSettings(plane.db)).eventRetentionDays).not.toBe(1);
  });
});

describe("over HTTP", () => {
  it("an admin token limited to host A gets a 400 naming the smuggled key, and a 403 without it", async () => {
    const owner = await plane.db.user.findUniqueOrThrow({ where: { username: "token-owner" } });
    const { token } = await createApiToken(plane.db, owner.id, { name: "http", roleId: builtInRoleId("admin"), hostIds: [hostA], expiresAt: null });
    const get = (input: unknown) =>
      fetch(`http://127.0.0.1:${plane.port}/api/trpc/users.list?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers: { authorization: `Bearer ${token}` } });
    const smuggled = await get({ hostId: hostA });
    expect(smuggled.status).toBe(400);
    expect(((await smuggled.json()) as { error: { json: { message: string } } }).error.json.message).toBe('invalid input: unknown key "hostId"');
    const plain = await get(undefined);
    expect(plain.status).toBe(403);
  });
});
