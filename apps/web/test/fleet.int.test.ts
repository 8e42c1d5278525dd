import { afterAll, beforeAll, expect, it } from "vitest";
import type { Socket as ClientSocket } from "socket.io-client";
import { createSimHosts, sendFullState, SimAgent } from "../../../bench/sim";
import { planeWithAgent, signedInClient, signedInUser, testImage, uiClient, waitFor } from "./support";

/**
 * The host state snapshot against a real engine and agent: it follows what happens on the engine
 * (whoever did it), fleet pages read it with server-side filters, an offline host keeps its
 * last-known state with its age, a browser hears `fleet:changed` only for hosts it may see, and
 * a malformed state is refused without touching the snapshot.
 */
let ctx: Awaited<ReturnType<typeof planeWithAgent>>;
let sim: SimAgent;
let browser: ClientSocket;
const created: string[] = [];
const tag = `fleet${process.pid}`;

const fleetRows = (q: Parameters<typeof ctx.admin.client.fleet.containers.query>[0] = {}) => ctx.admin.client.fleet.containers.query({ hosts: [ctx.hostId], pageSize: 500, ...q });
const snapshotOf = (id: string) => ctx.plane.db.snapshotContainer.findUnique({ where: { hostId_containerId: { hostId: ctx.hostId, containerId: id } } });

beforeAll(async () => {
  ctx = await planeWithAgent("fleet");
  const [simHost] = await createSimHosts(ctx.plane.db, 1, { namePrefix: "fleet-sim" });
  sim = await SimAgent.connect({ url: `http://127.0.0.1:${ctx.plane.port}`, credentials: simHost! });
  browser = await uiClient(ctx.plane.port, ctx.adminCookie);
});
afterAll(async () => {
  browser?.close();
  sim?.close();
  for (const id of created) await ctx.engine.removeContainer(id, { force: true }).catch(() => undefined);
  await ctx?.close();
});

it("the connected agent's full state arrives: every container of the engine, and the host's counts", async () => {
  const host = await waitFor(async () => {
    const h = await ctx.plane.db.host.findUniqueOrThrow({ where: { id: ctx.hostId } });
    return h.syncedAt ? h : null;
  }, "first full state", 20_000);
  const engineContainers = await ctx.engine.listContainers({ all: true });
  const rows = await ctx.plane.db.snapshotContainer.findMany({ where: { hostId: ctx.hostId } });
  expect(new Set(rows.map((r) => r.containerId))).toEqual(new Set(engineContainers.map((c) => c.id)));
  expect(host.containerCount).toBe(engineContainers.length);
  expect(host.cpus).toBeGreaterThan(0);
  expect(Number(host.memoryBytes)).toBeGreaterThan(0);
  const snapshot = await ctx.admin.client.fleet.hostSnapshot.query({ hostId: ctx.hostId });
  expect(snapshot.images?.some((i) => i.repoTags.includes(testImage()))).toBe(true);
  expect(snapshot.networks?.some((n) => n.name === "bridge")).toBe(true);
});

it("follows create, start, stop, rename and remove done on the engine directly, and pushes fleet:changed", async () => {
  const changes: string[] = [];
  browser.on("fleet:changed", (p: { hostId: string }) => changes.push(p.hostId));
  const ack = (await browser.timeout(5_000).emitWithAck("fleet:subscribe", {})) as { ok: boolean; hostIds: string[] };
  expect(ack.ok).toBe(true);
  expect(ack.hostIds).toContain(ctx.hostId);

  const { id } = await ctx.engine.createContainer({ image: testImage(), name: `${tag}-web`, cmd: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"], portBindings: [{ containerPort: 80, protocol: "tcp", hostPort: "", hostIp: "127.0.0.1" }] });
  created.push(id);
  expect((await waitFor(() => snapshotOf(id), "created in the snapshot")).state).toBe("created");
  await waitFor(() => changes.includes(ctx.hostId), "fleet:changed for the host");

  await ctx.engine.startContainer(id);
  await waitFor(async () => (await snapshotOf(id))?.state === "running", "running in the snapshot");
  const running = (await fleetRows({ name: `${tag}-web` })).rows;
  expect(running).toHaveLength(1);
  expect(running[0]).toMatchObject({ name: `${tag}-web`, state: "running", hostStatus: "online", knownAt: null });
  expect(running[0]!.ports).toMatch(/^127\.0\.0\.1:\d+->80\/tcp$/);
  expect((await ctx.plane.db.host.findUniqueOrThrow({ where: { id: ctx.hostId } })).runningCount).toBeGreaterThanOrEqual(1);

  await ctx.engine.stopContainer(id, 1);
  await waitFor(async () => (await snapshotOf(id))?.state === "exited", "exited in the snapshot");

  await ctx.engine.renameContainer(id, `${tag}-renamed`);
  await waitFor(async () => (await snapshotOf(id))?.name === `${tag}-renamed`, "renamed in the snapshot");
  expect((await fleetRows({ search: `${tag}-renamed` })).rows.map((r) => r.id)).toEqual([id]);
  expect((await fleetRows({ name: `${tag}-web` })).total).toBe(0);

  await ctx.engine.removeContainer(id, { force: true });
  await waitFor(async () => (await snapshotOf(id)) === null, "gone from the snapshot");
  expect((await fleetRows({ search: tag })).total).toBe(0);
});

it("a user granted one host sees only that host's containers, and hears only that host", async () => {
  const viewer = await signedInUser(ctx.plane.db, `${tag}-viewer`, [{ role: "viewer", hostId: sim.hostId }]);
  expect(await sendFullState(sim)).toBe(true);
  const page = await signedInClient(ctx.plane.port, viewer.cookie).fleet.containers.query({ pageSize: 500 });
  expect(page.total).toBe(sim.state.containers.length);
  expect(new Set(page.rows.map((r) => r.hostId))).toEqual(new Set([sim.hostId]));
  // Everyone's rows include the real host for the admin.
  expect((await ctx.admin.client.fleet.containers.query({ pageSize: 1 })).total).toBe(sim.state.containers.length + (await ctx.engine.listContainers({ all: true })).length);

  const viewerSocket = await uiClient(ctx.plane.port, viewer.cookie);
  try {
    const ack = (await viewerSocket.timeout(5_000).emitWithAck("fleet:subscribe", {})) as { ok: boolean; hostIds: string[] };
    expect(ack.hostIds).toEqual([sim.hostId]);
    const heard: string[] = [];
    viewerSocket.on("fleet:changed", (p: { hostId: string }) => heard.push(p.hostId));
    const { id } = await ctx.engine.createContainer({ image: testImage(), name: `${tag}-unseen`, cmd: ["true"] });
    created.push(id);
    await waitFor(() => snapshotOf(id), "the real host's change stored");
    await sim.socket.timeout(10_000).emitWithAck("state:delta", { remove: [sim.state.containers[0]!.id] });
    await waitFor(() => heard.includes(sim.hostId), "the viewer hears its own host");
    expect(heard).not.toContain(ctx.hostId);
  } finally {
    viewerSocket.close();
  }
});

it("a malformed or oversized state is refused and the snapshot stays as it was", async () => {
  const before = await ctx.plane.db.snapshotContainer.count({ where: { hostId: sim.hostId } });
  const bad = (await sim.socket.timeout(10_000).emitWithAck("state:full", { reason: "x", takenAt: 1, info: {}, containers: "nope", images: [], networks: [], volumes: [] })) as { ok: boolean; error?: string };
  expect(bad.ok).toBe(false);
  expect(bad.error).toMatch(/malformed state:full/);
  const tooMany = Array.from({ length: 5_001 }, () => "x".repeat(10));
  const oversized = (await sim.socket.timeout(10_000).emitWithAck("state:delta", { remove: tooMany })) as { ok: boolean; error?: string };
  expect(oversized).toMatchObject({ ok: false });
  expect(oversized.error).toMatch(/remove/);
  expect(await ctx.plane.db.snapshotContainer.count({ where: { hostId: sim.hostId } })).toBe(before);
  expect(sim.connected).toBe(true); // refused, not disconnected
});

it("an offline host keeps its last-known containers, with their age", async () => {
  const { id } = await ctx.engine.createContainer({ image: testImage(), name: `${tag}-kept`, cmd: ["true"] });
  created.push(id);
  await waitFor(() => snapshotOf(id), "in the snapshot");
  sim.close();
  await waitFor(async () => (await ctx.plane.db.host.findUniqueOrThrow({ where: { id: sim.hostId } })).status === "offline", "sim host offline");
  const rows = (await ctx.admin.client.fleet.containers.query({ hosts: [sim.hostId], pageSize: 500 })).rows;
  expect(rows).toHaveLength(sim.state.containers.length - 1);
  expect(rows.every((r) => r.hostStatus === "offline" && r.knownAt instanceof Date && Date.now() - r.knownAt.getTime() < 60_000)).toBe(true);
});
