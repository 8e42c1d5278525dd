import { randomBytes } from "node:crypto";
import { createServer, connect as tcpConnect, type Server as TcpServer } from "node:net";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket as ClientSocket } from "socket.io-client";
import { builtInRoleId, createEnrollmentToken } from "@dockmaster/core";
import { createEngine, engineConfigFromEnv, type Engine } from "@dockmaster/docker";
import { openStream } from "../src/client/streams";
import {
  freshPostgresDatabase,
  removeDir,
  signedInClient,
  signedInUser,
  spawnAgent,
  startTestPlane,
  testEngines,
  testImage,
  testRedis,
  uiClient,
  waitFor,
  type AgentProcess,
} from "./support";
import { createSimHosts, SimAgent } from "../../../bench/sim";
import { stackEngine } from "../src/server/stack-engine";

type StackEngineDeps = Parameters<typeof stackEngine> extends [infer H, infer R] ? { hub: H; registryAuth: R } : never;

/*
 * Scale-out for real: two control-plane instances on one PostgreSQL database, joined by a real
 * redis-server; a real agent on each (testbed engines 1 and 2). The browser-side clients talk to
 * instance B about the host whose agent instance A holds.
 */
type Plane = Awaited<ReturnType<typeof startTestPlane>>;
const RUN = `dmscale-${process.pid}`;
const STOPPABLE = ["sh", "-c", "echo hello-from-engine-1; trap 'exit 0' TERM; sleep 3600 & wait"];
// Direct-engine leases far longer than the tests: a lease round never happens by itself during them.
// A command waits ~0.4 s for Redis (not ~30 s): the outage test outlasts the retries in seconds.
const TIMING = {
  heartbeat: { intervalMs: 1_000, timeoutMs: 1_000 },
  instanceTiming: { beatMs: 300, staleMs: 1_500, handoverMs: 8_000 },
  directEngines: { leaseMs: 600_000, healthIntervalMs: 300 },
  redisRetry: { maxRetriesPerRequest: 2, maxDelayMs: 200 },
};

const redis = testRedis();
let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
let a: Plane;
let b: Plane;
let engineA: Engine;
const agents: Record<"a" | "b" | "c" | "d", AgentProcess | undefined> = { a: undefined, b: undefined, c: undefined, d: undefined };
let hostA: string;
let hostB: string;
let cookie: string;
let viewerOfB: string;
let apiB: ReturnType<typeof signedInClient>;
const sockets: ClientSocket[] = [];
const containers: string[] = [];
const containersOnEngine2: string[] = [];

function startAgent(plane: Plane | { port: number; dir: string }, which: keyof typeof agents, dockerHost: string, token?: string) {
  agents[which] = spawnAgent({
    DOCKMASTER_URL: `http://127.0.0.1:${plane.port}`,
    DOCKER_HOST: dockerHost,
    DOCKMASTER_AGENT_STATE: join(plane.dir, `agent-${which}.json`),
    ...(token ? { DOCKMASTER_ENROLL_TOKEN: token } : {}),
  });
}

async function ui(plane: Plane, as = cookie) {
  const socket = await uiClient(plane.port, as);
  sockets.push(socket);
  return socket;
}

/** Collects what a socket hears on one event, to wait for a matching message later. */
function recorder<T>(socket: ClientSocket, event: string) {
  const heard: T[] = [];
  socket.on(event, (payload: T) => heard.push(payload));
  return { heard, waitFor: (match: (payload: T) => boolean, what: string, timeoutMs = 10_000) => waitFor(() => heard.find(match), what, timeoutMs) };
}

const subscribe = (socket: ClientSocket, hostId: string) => new Promise((resolve) => socket.emit("host:subscribe", { hostId }, resolve));
const hostOnline = (plane: Plane, id: string) => plane.db.host.findFirst({ where: { id, status: "online" } });

beforeAll(async () => {
  const engines = testEngines();
  engineA = createEngine(engineConfigFromEnv({ dockerHost: engines[0]! }));
  database = await freshPostgresDatabase(`dm_scale_${process.pid}`);
  const shared = { secretKey: randomBytes(32), redisUrl: redis.url, stackEngine: ({ hub, registryAuth }: StackEngineDeps) => stackEngine(hub, registryAuth), ...TIMING };
  a = await startTestPlane(undefined, 0, database.url, shared);
  b = await startTestPlane(undefined, 0, database.url, shared);
  startAgent(a, "a", engines[0]!, (await createEnrollmentToken(a.db, { hostName: `${RUN}-a` })).token);
  startAgent(b, "b", engines[1]!, (await createEnrollmentToken(b.db, { hostName: `${RUN}-b` })).token);
  hostA = (await waitFor(() => a.db.host.findFirst({ where: { name: `${RUN}-a`, status: "online" } }), "agent A online", 60_000)).id;
  hostB = (await waitFor(() => a.db.host.findFirst({ where: { name: `${RUN}-b`, status: "online" } }), "agent B online", 60_000)).id;
  cookie = (await signedInUser(a.db, `${RUN}-admin`, [{ role: "admin" }])).cookie;
  viewerOfB = (await signedInUser(a.db, `${RUN}-viewer`, [{ role: "viewer", hostId: hostB }])).cookie;
  apiB = signedInClient(b.port, cookie);
}, 180_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  for (const id of containers) await engineA?.removeContainer(id, { force: true }).catch(() => undefined);
  const engine2 = createEngine(engineConfigFromEnv({ dockerHost: testEngines()[1]! }));
  for (const id of containersOnEngine2) await engine2.removeContainer(id, { force: true }).catch(() => undefined);
  for (const agent of Object.values(agents)) await agent?.stop();
  for (const plane of [a, b]) {
    await plane?.close();
    if (plane) removeDir(plane.dir);
  }
  await database?.drop();
});

describe("two control-plane instances joined by Redis", () => {
  it("each agent is held by one instance; B's browser acts on A's agent and sees its engine events", async () => {
    expect([Boolean(a.hub.socketOf(hostA)), Boolean(b.hub.socketOf(hostA)), Boolean(b.hub.socketOf(hostB))]).toEqual([true, false, true]);
    // Each instance knows the other's agents are online (bulk actions fail offline hosts first by this).
    await waitFor(() => a.hub.isOnline(hostB) && b.hub.isOnline(hostA), "each instance sees the other's hosts online");
    expect(a.instanceId).not.toBe(b.instanceId);
    const uiB = await ui(b);
    expect(await subscribe(uiB, hostA)).toEqual({ ok: true });
    const events = recorder<{ hostId: string; event: { action: string; actorId: string } }>(uiB, "host:event");

    const { id } = await apiB.containers.create.mutate({ hostId: hostA, spec: { image: testImage(), name: `${RUN}-x`, cmd: STOPPABLE, labels: { "dockmaster.test": "1" } }, start: false });
    containers.push(id);
    expect((await engineA.listContainers({ all: true })).map((c) => c.id)).toContain(id);
    await apiB.containers.start.mutate({ hostId: hostA, id });
    await events.waitFor((e) => e.hostId === hostA && e.event.action === "start" && e.event.actorId === id, "A's start event on B's browser");
    expect((await apiB.containers.list.query({ hostId: hostA })).find((c) => c.id === id)?.state).toBe("running");
  });

  it("a stack deploy launched on A is cancelled from B: the run stops before its next step", async () => {
    const project = `dmscalecancel${process.pid}`;
    const apiA = signedInClient(a.port, cookie);
    const stoppable = `["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]`;
    // slow never becomes healthy (its first check is an hour away): waiter waits for it until cancelled.
    const compose = `services:\n  slow:\n    image: ${testImage()}\n    command: ${stoppable}\n    healthcheck:\n      test: ["CMD", "true"]\n      interval: 1h\n  waiter:\n    image: ${testImage()}\n    command: ${stoppable}\n    depends_on:\n      slow:\n        condition: service_healthy\n`;
    const { stack } = await apiA.stacks.create.mutate({ hostId: hostA, name: project, composeFiles: [{ path: "compose.yaml", content: compose }] });
    const mine = async () => (await engineA.listContainers({ all: true })).filter((c) => c.labels["com.docker.compose.project"] === project);
    try {
      const { operationId } = await apiA.stacks.deploy.mutate({ hostId: hostA, stackId: stack.id });
      await waitFor(async () => (await mine()).some((c) => c.labels["com.docker.compose.service"] === "slow" && c.state === "running") || null, "slow running, waiter waiting", 20_000);
      expect(await apiB.stacks.cancel.mutate({ hostId: hostA, stackId: stack.id, operationId })).toEqual({ cancelled: true });
      const run = await waitFor(() => a.db.stackDeploy.findFirst({ where: { operationId, status: { not: "running" } } }), "the deploy ended", 15_000);
      expect(run.status).toBe("cancelled");
      expect((await mine()).map((c) => c.labels["com.docker.compose.service"])).toEqual(["slow"]);
      // Nothing left to cancel, whichever instance is asked.
      expect((await apiB.stacks.cancel.mutate({ hostId: hostA, stackId: stack.id, operationId }).catch((e: Error) => e.message))).toMatch(/already cancelled/);
    } finally {
      await apiA.stacks.down.mutate({ hostId: hostA, stackId: stack.id }).catch(() => undefined);
      for (const c of await mine()) await engineA.removeContainer(c.id, { force: true }).catch(() => undefined);
    }
  }, 60_000);

  it("streams an agent's logs and a terminal through the other instance (frames, input, cancel)", async () => {
    const id = containers[0]!;
    const uiB = await ui(b);
    const lines: string[] = [];
    const logs = openStream(uiB, { hostId: hostA, type: "container.logs", params: { id, follow: false } }, (frames) => lines.push(...frames.map((f) => f.d)));
    expect(await logs.done).toMatchObject({ ok: true });
    expect(lines.join("")).toContain("hello-from-engine-1");

    const output: Uint8Array[] = [];
    const exec = openStream(uiB, { hostId: hostA, type: "container.exec", params: { id, cmd: ["sh"], tty: true, cols: 90, rows: 20 } }, (frames) => output.push(...frames.map((f) => f.d)));
    await exec.ready;
    await exec.input(new TextEncoder().encode("stty size; echo across-$((40+2)); exit 7\n"));
    expect(await exec.done).toMatchObject({ ok: true, result: { exitCode: 7 } });
    const text = Buffer.concat(output).toString();
    expect(text).toContain("20 90");
    expect(text).toContain("across-42");

    const follow = openStream(uiB, { hostId: hostA, type: "container.logs", params: { id, follow: true } }, () => undefined);
    await follow.ready;
    follow.cancel();
    expect(await follow.done).toMatchObject({ ok: true, result: { cancelled: true } });
    await waitFor(() => a.hub.streams.openCount === 0 && b.hub.streams.openCount === 0, "streams released on both instances");
  });

  it("host status reaches browsers on every instance, and only those allowed to see the host", async () => {
    const [uiA, uiB, viewer] = [await ui(a), await ui(b), await ui(a, viewerOfB)];
    const onA = recorder<{ hostId: string; status: string }>(uiA, "host:status");
    const onB = recorder<{ hostId: string; status: string }>(uiB, "host:status");
    const onViewer = recorder<{ hostId: string; status: string }>(viewer, "host:status");
    await new Promise((r) => setTimeout(r, 300)); // the status rooms are joined right after connecting

    await agents.b!.stop();
    for (const [heard, where] of [[onA, "A"], [onB, "B"], [onViewer, "the viewer of host B"]] as const) {
      await heard.waitFor((s) => s.hostId === hostB && s.status === "offline", `host B offline on ${where}`);
    }
    startAgent(b, "b", testEngines()[1]!);
    await onA.waitFor((s) => s.hostId === hostB && s.status === "online", "host B online on A", 20_000);
    await onB.waitFor((s) => s.hostId === hostB && s.status === "online", "host B online on B");

    // A host the viewer may not see: its status changes reach the admins only.
    const hidden = await a.db.host.create({ data: { name: `${RUN}-hidden`, status: "online", connectedInstanceId: "an-instance-that-stopped" } });
    await onA.waitFor((s) => s.hostId === hidden.id && s.status === "offline", "the orphaned host offline on A");
    await onB.waitFor((s) => s.hostId === hidden.id && s.status === "offline", "the orphaned host offline on B");
    expect(onViewer.heard.some((s) => s.hostId === hidden.id)).toBe(false);
  });

  it("an instance that stops beating loses its hosts; a new instance leaves the living instances' hosts alone", async () => {
    const held = await a.db.host.create({ data: { name: `${RUN}-held`, status: "online", connectedInstanceId: a.instanceId } });
    await a.db.controlPlaneInstance.create({ data: { id: `${RUN}-dead`, beatAt: new Date(Date.now() - 60_000) } });
    const orphan = await a.db.host.create({ data: { name: `${RUN}-orphan`, status: "online", connectedInstanceId: `${RUN}-dead` } });
    await waitFor(async () => (await a.db.host.findUnique({ where: { id: orphan.id } }))?.status === "offline", "the dead instance's host offline");
    // …and its history says why.
    await waitFor(async () => (await a.db.hostHistory.count({ where: { hostId: orphan.id, kind: "offline", reason: "its control-plane instance stopped" } })) === 1, "the reaping in the host's history");

    const c = await startTestPlane(undefined, 0, database.url, { secretKey: randomBytes(32), redisUrl: redis.url, ...TIMING });
    try {
      await new Promise((r) => setTimeout(r, 1_000));
      expect(await hostOnline(c, hostA)).not.toBeNull();
      expect(await hostOnline(c, held.id)).not.toBeNull();
    } finally {
      await c.close();
      removeDir(c.dir);
    }
  });

  it("a host that comes online on A is followed at once by B's fleet pages allowed to see it (also through a group); its revoke on B reaches A's browsers", async () => {
    const group = await apiB.hostGroups.create.mutate({ name: `${RUN}-group` });
    const member = await signedInUser(a.db, `${RUN}-group-viewer`, []);
    await apiB.grants.create.mutate({ scopeType: "group", scopeId: group.id, subjectType: "user", subjectId: member.id, roleId: builtInRoleId("viewer") });
    const fleetPages = { admin: await ui(b), member: await ui(b, member.cookie), viewerOfB: await ui(b, viewerOfB) };
    const heard = Object.fromEntries(Object.entries(fleetPages).map(([who, socket]) => [who, recorder<{ hostId: string }>(socket, "fleet:changed")]));
    for (const socket of Object.values(fleetPages)) expect(await new Promise((resolve) => socket.emit("fleet:subscribe", {}, resolve))).toMatchObject({ ok: true });
    const changedOnA = recorder<{ hostId: string; change: string }>(await ui(a), "host:changed");

    // A new host, enrolled into the group, whose agent dials instance A.
    startAgent(a, "c", testEngines()[1]!, (await createEnrollmentToken(a.db, { hostName: `${RUN}-c`, groupId: group.id })).token);
    const hostC = (await waitFor(() => a.db.host.findFirst({ where: { name: `${RUN}-c`, status: "online" } }), "agent C online", 30_000)).id;
    expect(a.hub.socketOf(hostC)).toBeTruthy();
    // A change on the new host: its snapshot's fleet:changed reaches B's fleet pages that may see it.
    const { id } = await apiB.containers.create.mutate({ hostId: hostC, spec: { image: testImage(), name: `${RUN}-on-c`, cmd: STOPPABLE }, start: false });
    containersOnEngine2.push(id);
    await heard.admin!.waitFor((m) => m.hostId === hostC, "fleet:changed of the new host on B's admin page");
    await heard.member!.waitFor((m) => m.hostId === hostC, "fleet:changed of the new host on B's group member's page");
    expect(heard.viewerOfB!.heard.some((m) => m.hostId === hostC)).toBe(false);

    await apiB.containers.remove.mutate({ hostId: hostC, id, force: true });
    await apiB.hosts.revoke.mutate({ hostId: hostC });
    await changedOnA.waitFor((m) => m.hostId === hostC && m.change === "revoked", "the revoke made on B heard by A's browser");
  });

  it("a direct engine moved through the instance that does not run it reconnects at once on the one that does", async () => {
    const [engine1, engine2] = testEngines();
    const { hostId } = await apiB.hosts.addDirectEngine.mutate({ name: `${RUN}-direct`, url: engine1! });
    const plane = { [a.instanceId]: a, [b.instanceId]: b };
    const holder = await waitFor(async () => {
      const row = await a.db.directEngine.findUnique({ where: { hostId } });
      return row?.ownerInstanceId && plane[row.ownerInstanceId]?.hub.isOnline(hostId) ? plane[row.ownerInstanceId] : null;
    }, "the direct engine running on one instance", 20_000);
    const other = holder === a ? b : a;
    const engineId = async (dockerHost: string) => (await createEngine(engineConfigFromEnv({ dockerHost })).identity()).id;
    const api = signedInClient(other.port, cookie);
    expect((await api.engine.info.query({ hostId })).id).toBe(await engineId(engine1!));

    await api.hosts.setDirectEngineAddress.mutate({ hostId, url: engine2! });
    // The holder's next lease round is minutes away: only the cluster-wide refresh can make this happen.
    const moved = await engineId(engine2!);
    await waitFor(async () => (await api.engine.info.query({ hostId }).catch(() => null))?.id === moved, "the engine's agent on engine 2", 10_000);
    await api.hosts.remove.mutate({ hostId });
  });

  it("an agent held off by A for flooding is held off by B too (the quarantine is cluster-wide)", async () => {
    const [host] = await createSimHosts(a.db, 1, { namePrefix: `${RUN}-flood` });
    const flooder = await SimAgent.connect({ url: `http://127.0.0.1:${a.port}`, credentials: host! });
    try {
      for (let i = 0; i < 300; i++) flooder.socket.emit("engine:events", { events: [{ seq: "NaN" }] });
      await waitFor(() => !flooder.connected, "the flooder cut off by A", 10_000);
    } finally {
      flooder.close();
    }
    // Reconnecting through B (as a load balancer might send it): refused with when to come back.
    const attemptOnB = () =>
      SimAgent.connect({ url: `http://127.0.0.1:${b.port}`, credentials: host! }).then(
        (agent) => (agent.close(), null),
        (error: Error & { code?: string }) => error,
      );
    const refused = await waitFor(attemptOnB, "B refusing the flooder", 10_000);
    expect(refused.code).toBe("QUARANTINED");
    expect(refused.message).toMatch(/held off for another (2\d|30) s/);
  });

  it("survives a Redis outage: browsers are told and catch up, health reports it, nothing is left unhandled; actions and events across instances work again once Redis is back", async () => {
    const uiB = await ui(b);
    expect(await subscribe(uiB, hostA)).toEqual({ ok: true });
    const events = recorder<{ hostId: string; event: { action: string; actorId: string } }>(uiB, "host:event");
    const link = recorder<{ up: boolean }>(uiB, "cluster:link");
    const id = containers[0]!;
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    const health = async (plane: Plane) => (await fetch(`http://127.0.0.1:${plane.port}/api/health`)).json() as Promise<{ status: string; redis?: { ok: boolean; error?: string } }>;
    expect((await health(b)).redis).toEqual({ ok: true });

    redis.stop();
    try {
      // B's browsers stop being told "live": events of A's agents cannot reach them now.
      await link.waitFor((m) => !m.up, "cluster:link down on B's browser");
      const degraded = await health(b);
      expect(degraded).toMatchObject({ status: "degraded", redis: { ok: false } });
      expect(degraded.redis?.error).toContain("Redis does not answer");
      // A browser that connects meanwhile hears it at once.
      const heardAtConnect: Array<{ up: boolean }> = [];
      sockets.push(await uiClient(b.port, cookie, (socket) => socket.on("cluster:link", (m: { up: boolean }) => heardAtConnect.push(m))));
      await waitFor(() => heardAtConnect.find((m) => !m.up), "cluster:link down for a browser connecting during the outage");
      // B still serves the host it holds itself; cross-instance messages published now outlast
      // their retries (lost: hence the catch-up below) and must fail quietly.
      expect((await apiB.containers.list.query({ hostId: hostB })).length).toBeGreaterThanOrEqual(0);
      b.hub.bus!.publish("outage-probe", { at: Date.now() });
      a.hub.bus!.publish("outage-probe", { at: Date.now() });
      await new Promise((r) => setTimeout(r, 1_500));
    } finally {
      redis.start();
    }
    // Back: the browser is told (and refetches: live-updates.ts), health is ok again.
    await link.waitFor((m) => m.up, "cluster:link up again on B's browser", 20_000);
    await waitFor(async () => (await health(b)).redis?.ok === true, "B's health reporting Redis again", 20_000);
    await waitFor(async () => (await apiB.containers.list.query({ hostId: hostA })).some((c) => c.id === id), "B reaches A's agent again", 30_000);
    await apiB.containers.restart.mutate({ hostId: hostA, id });
    await events.waitFor((e) => e.hostId === hostA && e.event.action === "restart" && e.event.actorId === id, "A's events on B's browser again", 20_000);
    expect(await hostOnline(b, hostA)).not.toBeNull();
    expect(await hostOnline(b, hostB)).not.toBeNull();
    process.off("unhandledRejection", onUnhandled);
    expect(unhandled.map(String)).toEqual([]);
  });

  it("a host held by an instance that died looks online until reaped, and actions on it name the host, not its id", async () => {
    const ghostInstance = `${RUN}-crashed`;
    await a.db.controlPlaneInstance.create({ data: { id: ghostInstance, beatAt: new Date() } });
    const ghost = await a.db.host.create({ data: { name: `${RUN}-ghost`, status: "online", connectedInstanceId: ghostInstance } });
    // B learns at its next beat that the crashed instance "holds" it: it still counts as online.
    await waitFor(() => b.hub.isOnline(ghost.id), "B taking the ghost host as held elsewhere");
    await expect(apiB.containers.list.query({ hostId: ghost.id })).rejects.toThrow(`host "${RUN}-ghost" is offline`);
    // Reaped once the crashed instance's beat is staleMs old.
    await waitFor(async () => (await a.db.host.findUnique({ where: { id: ghost.id } }))?.status === "offline", "the ghost host reaped", 10_000);
    await expect(apiB.containers.list.query({ hostId: ghost.id })).rejects.toThrow(`host "${RUN}-ghost" is offline`);
  });

  it("a graceful stop of the instance holding an agent hands it over quietly: no offline, no history rows", async () => {
    // A load balancer in front: the agent knows one address; it sends to C, then (C stopping) to A.
    let target = 0;
    const lb: TcpServer = createServer((client) => {
      const upstream = tcpConnect(target, "127.0.0.1");
      client.pipe(upstream).pipe(client);
      const close = () => (client.destroy(), upstream.destroy());
      client.on("error", close).on("close", close);
      upstream.on("error", close).on("close", close);
    });
    await new Promise<void>((resolve) => lb.listen(0, "127.0.0.1", resolve));
    const c = await startTestPlane(undefined, 0, database.url, { secretKey: randomBytes(32), redisUrl: redis.url, ...TIMING });
    try {
      target = c.port;
      const lbPort = (lb.address() as AddressInfo).port;
      startAgent({ port: lbPort, dir: c.dir }, "d", testEngines()[1]!, (await createEnrollmentToken(a.db, { hostName: `${RUN}-d` })).token);
      const hostD = (
        await waitFor(() => a.db.host.findFirst({ where: { name: `${RUN}-d`, status: "online", connectedInstanceId: c.instanceId } }), "agent D online on C", 30_000).catch((error: Error) => {
          throw new Error(`${error.message}; the agent said: ${agents.d?.output().slice(-1_500)}`);
        })
      ).id;
      const statusOnA = recorder<{ hostId: string; status: string }>(await ui(a), "host:status");
      await new Promise((r) => setTimeout(r, 300));

      target = a.port;
      await c.close(); // waits (hand-over window) until D is held by A
      removeDir(c.dir);
      const row = await a.db.host.findUnique({ where: { id: hostD } });
      expect(row).toMatchObject({ status: "online", connectedInstanceId: a.instanceId });
      await new Promise((r) => setTimeout(r, 2 * TIMING.instanceTiming.beatMs)); // a reaper round on A and B
      expect(statusOnA.heard.filter((s) => s.hostId === hostD && s.status !== "online")).toEqual([]);
      expect((await a.db.hostHistory.findMany({ where: { hostId: hostD }, orderBy: { time: "asc" } })).map((h) => h.kind)).toEqual(["enrolled", "online"]);
      expect(await hostOnline(a, hostD)).not.toBeNull();
    } finally {
      await agents.d?.stop();
      await c.close().catch(() => undefined);
      lb.close();
    }
  });
});
