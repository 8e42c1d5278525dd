import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDir, signedInClient, signedInUser, startTestPlane, trpcFailure } from "./support";

/**
 * The API side of what a new user tripped over in the UI: an open registry (no login), events of a
 * host group or a host label, and revoked hosts that stay listed until removed.
 */
let plane: Awaited<ReturnType<typeof startTestPlane>>;
let admin: ReturnType<typeof signedInClient>;
let viewerOfB: ReturnType<typeof signedInClient>;
const hosts: Record<"a" | "b" | "c", string> = { a: "", b: "", c: "" };
let groupId = "";

beforeAll(async () => {
  plane = await startTestPlane();
  groupId = (await plane.db.hostGroup.create({ data: { name: "edge" } })).id;
  hosts.a = (await plane.db.host.create({ data: { name: "ev-a", labels: JSON.stringify({ env: "prod", tier: "web" }), groupId } })).id;
  hosts.b = (await plane.db.host.create({ data: { name: "ev-b", labels: JSON.stringify({ env: "dev" }) } })).id;
  hosts.c = (await plane.db.host.create({ data: { name: "ev-c", labels: JSON.stringify({ env: "prod" }) } })).id;
  const now = Date.now();
  for (const [i, hostId] of Object.values(hosts).entries()) {
    await plane.db.engineEvent.create({ data: { hostId, seq: 1, timeNano: String(BigInt(now - i * 1000) * 1_000_000n), time: new Date(now - i * 1000), type: "container", action: "start", actorId: `c${i}`, actorName: `c${i}` } });
  }
  admin = signedInClient(plane.port, (await signedInUser(plane.db, "admin", [{ role: "admin" }])).cookie);
  viewerOfB = signedInClient(plane.port, (await signedInUser(plane.db, "viewer-b", [{ role: "viewer", hostId: hosts.b }])).cookie);
});
afterAll(async () => {
  await plane?.close();
  if (plane) removeDir(plane.dir);
});

describe("registries", () => {
  it("an open registry is stored without a login; half a login is refused, naming both fields", async () => {
    const open = await admin.registries.create.mutate({ name: "open", serverAddress: "open.example.test:5000" });
    expect(open.username).toBe("");
    const failure = await trpcFailure(admin.registries.create.mutate({ name: "half", serverAddress: "half.example.test:5000", username: "robot" }));
    expect(failure.httpStatus).toBe(400);
    expect(failure.message).toMatch(/give both a username and a password, or neither/);
    // An open registry gets a login only with both fields; a login is dropped with username "".
    expect((await trpcFailure(admin.registries.update.mutate({ id: open.id, username: "robot" }))).message).toMatch(/both a username and a password/);
    expect((await admin.registries.update.mutate({ id: open.id, username: "robot", password: "s3cret" })).username).toBe("robot");
    expect((await admin.registries.update.mutate({ id: open.id, username: "" })).username).toBe("");
    const stored = await plane.db.registryCredential.findUniqueOrThrow({ where: { id: open.id } });
    expect(stored.passwordSealed).toBe("");
    // Nothing to test for an open registry: said plainly, before any host is asked.
    const test = await trpcFailure(admin.registries.test.mutate({ hostId: hosts.a, id: open.id }));
    expect(test.httpStatus).toBe(400);
    expect(test.message).toMatch(/has no login \(an open registry\): there is nothing to test/);
  });
});

describe("events.list host filters", () => {
  const hostsOf = async (input: Parameters<typeof admin.events.list.query>[0], client = admin) => new Set((await client.events.list.query(input)).items.map((e) => e.hostId));

  it("narrows to a host group, a host label (key or key=value), and both", async () => {
    expect(await hostsOf({ hostGroupId: groupId })).toEqual(new Set([hosts.a]));
    expect(await hostsOf({ hostLabel: "env=prod" })).toEqual(new Set([hosts.a, hosts.c]));
    expect(await hostsOf({ hostLabel: "tier" })).toEqual(new Set([hosts.a]));
    expect(await hostsOf({ hostLabel: "env=prod", hostGroupId: groupId })).toEqual(new Set([hosts.a]));
    expect(await hostsOf({ hostLabel: "nothing=here" })).toEqual(new Set());
  });

  it("never widens what the reader may see", async () => {
    expect(await hostsOf({ hostLabel: "env" }, viewerOfB)).toEqual(new Set([hosts.b]));
    expect(await hostsOf({ hostLabel: "env=prod" }, viewerOfB)).toEqual(new Set());
  });
});

describe("revoked hosts", () => {
  it("stay listed when asked for, with when and by whom, and an admin can remove them", async () => {
    await admin.hosts.revoke.mutate({ hostId: hosts.c });
    expect((await admin.hosts.list.query()).map((h) => h.id)).not.toContain(hosts.c);
    const listed = (await admin.hosts.list.query({ includeRevoked: true })).find((h) => h.id === hosts.c);
    expect(listed?.revokedAt).toBeInstanceOf(Date);
    expect(listed?.revokedBy).toBe("admin");
    await admin.hosts.remove.mutate({ hostId: hosts.c });
    expect((await admin.hosts.list.query({ includeRevoked: true })).map((h) => h.id)).not.toContain(hosts.c);
    expect((await trpcFailure(admin.hosts.remove.mutate({ hostId: hosts.c }))).code).toBe("NOT_FOUND");
  });

  it("a viewer cannot remove one, and the list input refuses unknown keys", async () => {
    expect((await trpcFailure(viewerOfB.hosts.remove.mutate({ hostId: hosts.b }))).code).toBe("FORBIDDEN");
    expect((await trpcFailure(admin.hosts.list.query({ includeRevoked: true, hostId: hosts.a } as never))).httpStatus).toBe(400);
  });
});

describe("paged lists (the Audit and Events pages)", () => {
  it("accept what tRPC's infinite queries add to each page's input: cursor and direction", async () => {
    // useInfiniteQuery sends { ...input, cursor, direction }: a strict parser that refused
    // `direction` left both pages with nothing but "unknown key".
    const audit = await admin.audit.list.query({ limit: 5, cursor: null, direction: "forward" });
    expect(audit.items.length).toBeGreaterThan(0);
    const events = await admin.events.list.query({ limit: 5, cursor: null, direction: "forward" });
    expect(events.items.length).toBeGreaterThan(0);
    expect((await trpcFailure(admin.audit.list.query({ direction: "sideways" } as never))).httpStatus).toBe(400);
  });
});

describe("auth.status", () => {
  it("says which permissions the user holds anywhere, so a page asks only what it may", async () => {
    const status = async (client: typeof admin) => (await client.auth.status.query()).user!;
    // A viewer of one host: host.view on that host, nothing globally.
    const viewer = await status(viewerOfB);
    expect(viewer.globalPermissions).not.toContain("host.view");
    expect(viewer.anywherePermissions).toContain("host.view");
    // An auditor: audit.view everywhere, host.view nowhere.
    const auditorUser = await signedInUser(plane.db, "auditor", []);
    const role = await admin.roles.create.mutate({ name: "auditor", permissions: ["audit.view"] });
    await admin.grants.create.mutate({ scopeType: "global", subjectType: "user", subjectId: auditorUser.id, roleId: role.id });
    const auditor = await status(signedInClient(plane.port, auditorUser.cookie));
    expect(auditor.anywherePermissions).toContain("audit.view");
    expect(auditor.anywherePermissions).not.toContain("host.view");
  });
});
