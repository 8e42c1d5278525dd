import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as connectSocket, type Socket } from "socket.io-client";
import { TRPCError } from "@trpc/server";
import { appRouter, createCaller, type ProcedureMeta } from "@dockmaster/api";
import { builtInRoleId, BUILT_IN_ROLES, STREAM_PERMISSIONS, loadAccess, type Actor, type BuiltInRole, type Permission } from "@dockmaster/core";
import { removeDir, signedInUser, startTestPlane, uiClient } from "./support";
import { callerContext } from "./authz-support";
import { SAMPLE_INPUTS } from "./procedure-samples";
import { BROWSER_STREAM_TYPES, SERVER_STREAM_TYPES, type BrowserStreamType } from "@dockmaster/protocol";

/**
 * The authorization matrix, generated from the router and the catalogue: every procedure × every
 * kind of caller, expected allow/deny derived from the procedure's declared access. A procedure
 * without a declared access, or without a sample input here, fails.
 */
let plane: Awaited<ReturnType<typeof startTestPlane>>;
let hostA: string;
let hostB: string;
const callers = ["anonymous", "viewer", "operator", "deployer", "admin", "otherHostOperator"] as const;
type Caller = (typeof callers)[number];
const actors = new Map<Caller, Actor | null>();
const cookies = new Map<Caller, string>();


const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { meta?: ProcedureMeta; type: string } }>);

function expected(meta: ProcedureMeta | undefined, caller: Caller, path: string): "allow" | "deny" {
  const access = meta?.access;
  if (!access) throw new Error(`${path} declares no access`);
  if (access.kind === "public") return "allow";
  if (caller === "anonymous") return "deny";
  if (access.kind === "session" || access.kind === "account") return "allow";
  if (caller === "otherHostOperator") {
    // holds operator on host B only: host-scoped calls on host A are denied; global ones too,
    // except lists that filter per host (held somewhere is enough).
    // bulk.start too: it checks each target on its own host (a refused target is reported, not thrown).
    // stacks.list, stacks.templates and hosts.agentRelease: held somewhere (stack.view / host.view) is enough; lists are filtered per host.
    // fleet.overview and fleet.search: figures and search results only over the hosts where each kind may be seen.
    const anywhereList = path === "hosts.list" || path === "hostGroups.list" || path === "bulk.start" || path === "fleet.containers" || path === "updates.status" || path === "stacks.list" || path === "stacks.templates" || path === "hosts.agentRelease" || path === "fleet.overview" || path === "fleet.search";
    return anywhereList && (BUILT_IN_ROLES.operator.permissions as readonly Permission[]).includes(access.permission) ? "allow" : "deny";
  }
  return (BUILT_IN_ROLES[caller].permissions as readonly Permission[]).includes(access.permission) ? "allow" : "deny";
}

async function outcome(caller: Caller, path: string): Promise<"allow" | "deny"> {
  const ctx = contextFor(caller);
  const caller_ = createCaller(ctx) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
  const [ns = "", name = ""] = path.split(".");
  const sample = SAMPLE_INPUTS[path];
  if (!sample) throw new Error(`no sample input for ${path}: add one to the authz matrix`);
  try {
    await caller_[ns]![name]!(sample(hostA));
  } catch (error) {
    // The authorization middleware's refusals (not a domain "wrong password" or "setup done").
    if (error instanceof TRPCError && ((error.code === "UNAUTHORIZED" && error.message === "sign in first") || (error.code === "FORBIDDEN" && error.message.startsWith("permission ")))) {
      return "deny";
    }
  }
  return "allow";
}

async function user(name: string, grants: Array<{ role: BuiltInRole; hostId?: string }>): Promise<Actor> {
  const signedIn = await signedInUser(plane.db, name, grants);
  cookies.set(name as Caller, signedIn.cookie);
  return { kind: "user", id: signedIn.id, username: name, access: await loadAccess(plane.db, signedIn.id) };
}

beforeAll(async () => {
  plane = await startTestPlane();
  hostA = (await plane.db.host.create({ data: { name: "host-a" } })).id;
  hostB = (await plane.db.host.create({ data: { name: "host-b" } })).id;
  actors.set("anonymous", null);
  for (const role of ["viewer", "operator", "deployer", "admin"] as const) actors.set(role, await user(role, [{ role }]));
  actors.set("otherHostOperator", await user("otherHostOperator", [{ role: "operator", hostId: hostB }]));
});
afterAll(async () => {
  await plane.close();
  removeDir(plane.dir);
});

describe("authorization matrix: every procedure × every caller", () => {
  it("covers every procedure with a sample input", () => {
    expect(procedures.map(([p]) => p).filter((p) => !SAMPLE_INPUTS[p])).toEqual([]);
  });

  for (const [path, procedure] of procedures) {
    it(`${path}`, async () => {
      const rows: string[] = [];
      for (const caller of callers) {
        const want = expected(procedure._def.meta, caller, path);
        const got = await outcome(caller, path);
        if (want !== got) rows.push(`${caller}: expected ${want}, got ${got}`);
      }
      expect(rows, `${path}\n${rows.join("\n")}`).toEqual([]);
    });
  }

  it("the hosts list shows a host-scoped user only their host", async () => {
    const caller = createCaller(contextFor("otherHostOperator"));
    expect((await caller.hosts.list()).map((h) => h.id)).toEqual([hostB]);
  });

  it("a grant on a host group reaches exactly the hosts placed in it", async () => {
    const admin = createCaller(contextFor("admin"));
    const group = await admin.hostGroups.create({ name: "prod" });
    await admin.hosts.setGroup({ hostId: hostA, groupId: group.id });
    const carol = await user("carol", []);
    await admin.grants.create({ scopeType: "group", scopeId: group.id, subjectType: "user", subjectId: carol.id, roleId: builtInRoleId("viewer") });
    const access = await loadAccess(plane.db, carol.id);
    expect(access.can("host.view", hostA)).toBe(true);
    expect(access.can("host.view", hostB)).toBe(false);
    await admin.hosts.setGroup({ hostId: hostA, groupId: null });
    expect((await loadAccess(plane.db, carol.id)).can("host.view", hostA)).toBe(false);
  });

  it("denials are audited", async () => {
    const denied = await plane.db.auditEvent.count({ where: { result: "denied", action: "containers.stop" } });
    expect(denied).toBeGreaterThanOrEqual(3); // anonymous, viewer, other-host operator
  });
});

const contextFor = (caller: Caller) => callerContext(plane, actors.get(caller) ?? null, "matrix");

describe("socket.io /ui applies the same check", () => {
  const sockets: Socket[] = [];
  afterAll(() => sockets.forEach((s) => s.close()));

  it.each([
    ["anonymous", false],
    ["viewer", true],
    ["operator", true],
    ["otherHostOperator", false],
  ] as const)("%s subscribing to host A → allowed: %s", async (caller, allowed) => {
    const socket = connectSocket(`http://127.0.0.1:${plane.port}/ui`, { transports: ["websocket"], reconnection: false, extraHeaders: caller === "anonymous" ? {} : { cookie: cookies.get(caller)! } });
    sockets.push(socket);
    const connected = await new Promise<boolean>((resolve) => {
      socket.on("connect", () => resolve(true));
      socket.on("connect_error", () => resolve(false));
    });
    if (caller === "anonymous") return expect(connected).toBe(false);
    expect(connected).toBe(true);
    const ack = (await socket.emitWithAck("host:subscribe", { hostId: hostA })) as { ok: boolean };
    expect(ack.ok).toBe(allowed);
  });
});

/** A sample of valid params per stream type: the refusal under test is the permission, not the input. */
const STREAM_SAMPLES: Record<BrowserStreamType, Record<string, unknown>> = {
  "container.logs": { id: "web", follow: false },
  "container.stats": { id: "web" },
  "host.stats": {},
  "container.exec": { id: "web", cmd: ["sh"] },
  "image.pull": { ref: "busybox:latest" },
  "image.push": { ref: "registry.local:5000/web:1" },
  "image.build": { contextBytes: 10 },
};

describe("socket.io /ui streams: every stream type × every caller, from STREAM_PERMISSIONS", () => {
  const sockets = new Map<Caller, Socket>();
  beforeAll(async () => {
    for (const caller of callers) if (caller !== "anonymous") sockets.set(caller, await uiClient(plane.port, cookies.get(caller)!));
  });
  afterAll(() => sockets.forEach((s) => s.close()));

  it("has a sample for every stream type", () => {
    expect(BROWSER_STREAM_TYPES.filter((t) => !STREAM_SAMPLES[t])).toEqual([]);
  });

  // stack.apply carries create specs the server already checked: no caller, not even an admin, opens it from a browser.
  for (const type of SERVER_STREAM_TYPES) {
    it(`server-only stream ${type} is unknown to every browser`, async () => {
      for (const caller of callers) {
        if (caller === "anonymous") continue;
        const ack = (await sockets.get(caller)!.timeout(5_000).emitWithAck("stream:open", { streamId: `${caller}-${type}`, hostId: hostA, type, params: { project: "p", steps: [] } })) as { ok: boolean; error?: { message: string } };
        expect(ack, caller).toMatchObject({ ok: false, error: { message: `unknown stream type "${type}"` } });
      }
    });
  }

  for (const type of BROWSER_STREAM_TYPES) {
    it(`stream ${type} (needs ${STREAM_PERMISSIONS[type]})`, async () => {
      const rows: string[] = [];
      for (const caller of callers) {
        if (caller === "anonymous") continue; // no socket at all without a session (tested above)
        const holds = caller !== "otherHostOperator" && (BUILT_IN_ROLES[caller].permissions as readonly Permission[]).includes(STREAM_PERMISSIONS[type]);
        const ack = (await sockets.get(caller)!.timeout(5_000).emitWithAck("stream:open", { streamId: `${caller}-${type}`, hostId: hostA, type, params: STREAM_SAMPLES[type] })) as { ok: boolean; error?: { message: string } };
        // Allowed callers get past the check and meet the next problem (host A has no agent).
        const got = !ack.ok && ack.error?.message.startsWith("permission ") ? "deny" : "allow";
        if (got !== (holds ? "allow" : "deny")) rows.push(`${caller}: expected ${holds ? "allow" : "deny"}, got ${got} (${ack.error?.message ?? "opened"})`);
      }
      expect(rows, rows.join("\n")).toEqual([]);
    });
  }
});
