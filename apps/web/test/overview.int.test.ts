import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ContainerSummary, HostStateFull } from "@dockmaster/protocol";
import { createSimHosts, simEngineState, simFullState, SimAgent, type SimHostCredentials } from "../../../bench/sim";
import { removeDir, signedInClient, signedInUser, startTestPlane } from "./support";

/**
 * The overview (fleet.overview) and the palette's search (fleet.search) over three hosts fed through
 * the agent protocol: the figures are the snapshot's own counts, the problem filter of the fleet
 * list returns the containers the overview counts, disk and reclaimable bytes follow the images
 * and volumes, and a viewer scoped to one host sees that host's figures and finds only its things.
 */
let plane: Awaited<ReturnType<typeof startTestPlane>>;
let hosts: SimHostCredentials[];
const agents: SimAgent[] = [];
let admin: ReturnType<typeof signedInClient>;
let viewer: ReturnType<typeof signedInClient>;

const MB = 1_000_000;

/** Host i's state: 20 simulated containers with trouble put in, two networks, three volumes (one unused, 7 MB). */
function stateOf(agent: SimAgent, i: number): HostStateFull {
  const full = simFullState(agent.state);
  const name = agent.state.info.name;
  const containers: ContainerSummary[] = full.containers.map((c, k) => {
    if (k === 0) return { ...c, state: "exited", status: "Exited (137) 2 minutes ago" };
    if (k === 1) return { ...c, state: "exited", status: "Exited (0) 2 minutes ago" };
    if (k === 2 && i === 0) return { ...c, state: "restarting", status: "Restarting (1) 3 seconds ago" };
    if (k === 3) return { ...c, state: "running", status: "Up 2 hours (unhealthy)" };
    return c;
  });
  const network = (n: string) => ({ id: `${name}-${n}-id`, name: `${name}-${n}`, driver: "bridge", scope: "local", internal: false, attachable: false, created: "2026-01-01T00:00:00Z", ipam: [], labels: {}, options: {}, containers: [], predefined: false });
  const volume = (n: string, used: boolean, size: number) => ({ name: `${name}-${n}`, driver: "local", mountpoint: "/x", scope: "local", created: "2026-01-01T00:00:00Z", labels: {}, options: {}, containers: used ? [containers[4]!.name] : [], size, anonymous: false });
  // Every simulated container runs one of eight images; an image nobody runs is reclaimable.
  const images = [...full.images, { id: `sha256:${"f".repeat(63)}${i}`, repoTags: [`${name}-unused:1`], repoDigests: [], created: 1, size: 30 * MB, containers: 0 }];
  return { ...full, containers, images, networks: [network("front"), network("back")], volumes: [volume("data", true, 5 * MB), volume("old", false, 7 * MB), volume("cache", true, 1 * MB)] };
}

beforeAll(async () => {
  plane = await startTestPlane();
  hosts = await createSimHosts(plane.db, 3, { namePrefix: "ovw" });
  for (const [i, h] of hosts.entries()) {
    const agent = await SimAgent.connect({ url: `http://127.0.0.1:${plane.port}`, credentials: h, state: simEngineState(h.hostName, 20) });
    agents.push(agent);
    const ack = (await agent.socket.timeout(10_000).emitWithAck("state:full", stateOf(agent, i))) as { ok?: boolean };
    expect(ack.ok).toBe(true);
  }
  await plane.db.stack.create({ data: { name: "ovw-shop", hostId: hosts[1]!.hostId } });
  admin = signedInClient(plane.port, (await signedInUser(plane.db, "ovw-admin", [{ role: "admin" }])).cookie);
  viewer = signedInClient(plane.port, (await signedInUser(plane.db, "ovw-viewer", [{ role: "viewer", hostId: hosts[1]!.hostId }])).cookie);
}, 30_000);

afterAll(async () => {
  for (const a of agents) a.close();
  await plane?.close();
  if (plane) removeDir(plane.dir);
});

describe("fleet.overview", () => {
  it("counts hosts, containers by state and failures as the snapshot holds them", async () => {
    const o = await admin.fleet.overview.query();
    expect(o.hosts).toMatchObject({ total: 3, online: 3, offline: 0, degraded: 0 });
    const rows = await plane.db.snapshotContainer.findMany({ select: { state: true } });
    const byState: Record<string, number> = {};
    for (const r of rows) byState[r.state] = (byState[r.state] ?? 0) + 1;
    expect(o.containers).toEqual({ total: 60, byState });
    expect(o.failures?.counts).toEqual({ "exited-nonzero": 3, restarting: 1, unhealthy: 3 });
    expect(o.failures?.recent).toHaveLength(7);
    expect(new Set(o.failures?.recent.map((f) => f.problem))).toEqual(new Set(["exited-nonzero", "restarting", "unhealthy"]));
  });

  it("each failure figure's link (the fleet list's problem filter) lists exactly what it counts", async () => {
    const o = await admin.fleet.overview.query();
    for (const problem of ["exited-nonzero", "restarting", "unhealthy"] as const) {
      const page = await admin.fleet.containers.query({ problem, pageSize: 500 });
      expect(page.total, problem).toBe(o.failures!.counts[problem]);
    }
    const exited = await admin.fleet.containers.query({ problem: "exited-nonzero", pageSize: 500 });
    expect(exited.rows.every((r) => r.state === "exited" && !r.status.startsWith("Exited (0)"))).toBe(true);
  });

  it("disk: images and volumes per host, reclaimable = images no container runs + volumes nothing mounts", async () => {
    const o = await admin.fleet.overview.query();
    expect(o.disk?.hostsCounted).toBe(3);
    for (const h of o.disk!.hosts) {
      // 8 images of 50 MB in use + the unused 30 MB one; volumes 5 + 7 + 1 MB, 7 MB unmounted.
      expect(h).toMatchObject({ imagesBytes: 8 * 50 * MB + 30 * MB, volumesBytes: 13 * MB, reclaimableBytes: 37 * MB });
    }
    expect(o.disk?.reclaimableBytes).toBe(3 * 37 * MB);
  });

  it("a viewer scoped to one host sees only that host's figures, and no denials or alerts", async () => {
    const o = await viewer.fleet.overview.query();
    expect(o.hosts.total).toBe(1);
    expect(o.containers?.total).toBe(20);
    expect(o.failures?.counts).toEqual({ "exited-nonzero": 1, restarting: 0, unhealthy: 1 });
    expect(o.failures?.recent.every((f) => f.hostId === hosts[1]!.hostId)).toBe(true);
    expect(o.disk?.hostsCounted).toBe(1);
    expect(o.denials).toBeNull();
    expect(o.alerts).toBeNull();
    const admins = await admin.fleet.overview.query();
    expect(admins.denials).not.toBeNull();
    expect(admins.alerts).not.toBeNull();
  });

  it("a host going offline moves to the offline figure and is named among those needing attention", async () => {
    agents[2]!.close();
    const deadline = Date.now() + 10_000;
    let o = await admin.fleet.overview.query();
    while (o.hosts.offline === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      o = await admin.fleet.overview.query();
    }
    expect(o.hosts).toMatchObject({ online: 2, offline: 1 });
    expect(o.hosts.attention.map((h) => h.id)).toEqual([hosts[2]!.hostId]);
    // Its last-known containers still count.
    expect(o.containers?.total).toBe(60);
  });
});

describe("fleet.search (the palette)", () => {
  it("finds containers, images, networks, volumes, stacks and hosts, with the actions the user may run", async () => {
    const name = hosts[1]!.hostName;
    const found = await admin.fleet.search.query({ text: `${name}-app-1` });
    expect(found.containers.map((c) => c.name)).toContain(`${name}-app-1`);
    expect(found.containers[0]!.may).toEqual({ restart: true, logs: true, terminal: true });
    expect((await admin.fleet.search.query({ text: `${name}-unused` })).images.map((i) => i.name)).toEqual([`${name}-unused:1`]);
    expect((await admin.fleet.search.query({ text: `${name}-front` })).networks.map((n) => [n.name, n.hostId])).toEqual([[`${name}-front`, hosts[1]!.hostId]]);
    expect((await admin.fleet.search.query({ text: `${name}-old` })).volumes.map((v) => v.name)).toEqual([`${name}-old`]);
    expect((await admin.fleet.search.query({ text: "ovw-sh" })).stacks.map((s) => [s.name, s.hostId])).toEqual([["ovw-shop", hosts[1]!.hostId]]);
    expect((await admin.fleet.search.query({ text: name })).hosts.map((h) => h.name)).toEqual([name]);
  });

  it("a scoped viewer finds only what is on their host, and may not restart, read logs or open a terminal", async () => {
    const other = hosts[0]!.hostName;
    const mine = hosts[1]!.hostName;
    const elsewhere = await viewer.fleet.search.query({ text: other });
    expect(elsewhere).toEqual({ hosts: [], containers: [], images: [], networks: [], volumes: [], stacks: [] });
    const found = await viewer.fleet.search.query({ text: `${mine}-app-1` });
    expect(found.containers.length).toBeGreaterThan(0);
    expect(found.containers.every((c) => c.hostId === hosts[1]!.hostId && !c.may.restart && !c.may.logs && !c.may.terminal)).toBe(true);
    expect((await viewer.fleet.search.query({ text: "ovw-shop" })).stacks).toHaveLength(1);
  });

  it("refuses an empty search with a message naming the problem", async () => {
    await expect(admin.fleet.search.query({ text: "  " })).rejects.toThrow(/type something to search for/);
  });
});
