import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyHostDelta, backfillComposeProjects, FleetContainersQuery, listStacksWithStatus, loadAccess, queryFleetContainers, readHostSnapshot, replaceHostState, type Actor, type FleetContainersQueryInput } from "@dockmaster/core";
import { simEngineState, simFullState } from "../../../bench/sim";
import type { HostStateFull } from "@dockmaster/protocol";
import { freshPostgresDatabase, removeDir, signedInUser, startTestPlane } from "./support";

/**
 * The snapshot store and the fleet query on both providers: writes, counts, filters, sorts, pages,
 * authorization. On SQLite twice: reading through Prisma, and directly on its connection (as the
 * control plane's fleet.containers does).
 */
describe.each([
  ["sqlite", "through Prisma"],
  ["sqlite", "direct reads"],
  ["postgresql", "through Prisma"],
] as const)("fleet snapshot store (%s, %s)", (provider, reads) => {
  let plane: Awaited<ReturnType<typeof startTestPlane>>;
  let dropDatabase = async () => {};
  let admin: Actor;
  const hosts: string[] = [];

  const full = (name: string, containers: number): HostStateFull => simFullState(simEngineState(name, containers));
  const page = (q: FleetContainersQueryInput, actor = admin) => {
    const connection = reads === "direct reads" ? plane.database.sqliteConnection() : null;
    if (reads === "direct reads" && !connection) throw new Error("no SQLite connection to read on");
    return queryFleetContainers(plane.db, actor, FleetContainersQuery.parse(q), plane.database.provider, connection);
  };
  const actorOf = async (name: string, grants: Parameters<typeof signedInUser>[2]): Promise<Actor> => {
    const user = await signedInUser(plane.db, `${name}-${provider}`, grants);
    return { kind: "user", id: user.id, username: name, access: await loadAccess(plane.db, user.id) };
  };

  beforeAll(async () => {
    if (provider === "postgresql") {
      const db = await freshPostgresDatabase(`dm_fleet_${process.pid}`);
      dropDatabase = () => db.drop();
      plane = await startTestPlane(undefined, 0, db.url);
    } else plane = await startTestPlane();
    const group = await plane.db.hostGroup.create({ data: { name: `edge-${provider}` } });
    for (const [i, name] of ["alpha", "bravo", "charlie"].entries()) {
      const host = await plane.db.host.create({ data: { name, labels: JSON.stringify({ env: i === 2 ? "dev" : "prod" }), groupId: i === 1 ? group.id : null } });
      hosts.push(host.id);
      await replaceHostState(plane.db, host.id, full(name, 20));
    }
    admin = await actorOf("fleet-admin", [{ role: "admin" }]);
  });
  afterAll(async () => {
    await plane?.close();
    if (plane) removeDir(plane.dir);
    await dropDatabase();
  });

  it("a full state replaces the host's rows and sets its counts and engine facts", async () => {
    await replaceHostState(plane.db, hosts[0]!, full("alpha", 12));
    const host = await plane.db.host.findUniqueOrThrow({ where: { id: hosts[0]! } });
    const sim = simEngineState("alpha", 12);
    expect(host.containerCount).toBe(12);
    expect(host.runningCount).toBe(sim.containers.filter((c) => c.state === "running").length);
    expect(host.imageCount).toBe(sim.images.length);
    expect(host.cpus).toBe(4);
    expect(host.memoryBytes).toBe(BigInt(8 * 1024 ** 3));
    expect(host.syncedAt).not.toBeNull();
    expect(await plane.db.snapshotContainer.count({ where: { hostId: hosts[0]! } })).toBe(12);
    const snapshot = await readHostSnapshot(plane.db, hosts[0]!);
    expect(snapshot.images.map((i) => i.repoTags[0])).toEqual(sim.images.map((i) => i.repoTags[0]));
    expect(snapshot.info?.cpus).toBe(4);
  });

  it("a delta upserts, removes and recounts", async () => {
    const sim = simEngineState("alpha", 12);
    const renamed = { ...sim.containers[0]!, name: "renamed-one", state: "exited" };
    await applyHostDelta(plane.db, hosts[0]!, { upsert: [renamed], remove: [sim.containers[1]!.id], images: [] });
    const rows = await plane.db.snapshotContainer.findMany({ where: { hostId: hosts[0]! } });
    expect(rows).toHaveLength(11);
    expect(rows.find((r) => r.containerId === renamed.id)).toMatchObject({ name: "renamed-one", state: "exited" });
    expect(rows.some((r) => r.containerId === sim.containers[1]!.id)).toBe(false);
    const host = await plane.db.host.findUniqueOrThrow({ where: { id: hosts[0]! } });
    expect(host.containerCount).toBe(11);
    expect(host.runningCount).toBe(rows.filter((r) => r.state === "running").length);
    expect(host.imageCount).toBe(0);
  });

  it("writes a container's compose project into its indexed column (full state and delta), which the stacks list reads", async () => {
    // A host of its own, emptied and removed after: the other tests count every host's rows.
    const hostId = (await plane.db.host.create({ data: { name: `compose-${provider}-${reads.replace(" ", "-")}`, status: "online" } })).id;
    const sim = full("compose", 2);
    const labelled = { ...sim.containers[0]!, name: "shop-web-1", labels: { "com.docker.compose.project": "shop", "com.docker.compose.service": "web" } };
    const row = () => plane.db.snapshotContainer.findUniqueOrThrow({ where: { hostId_containerId: { hostId, containerId: labelled.id } } });
    try {
      await replaceHostState(plane.db, hostId, { ...sim, containers: [labelled, sim.containers[1]!] });
      expect((await row()).composeProject).toBe("shop");
      const external = (await listStacksWithStatus(plane.db, () => true, { hostId })).external;
      expect(external.map((e) => [e.name, e.total])).toEqual([["shop", 1]]);
      await applyHostDelta(plane.db, hostId, { upsert: [{ ...labelled, labels: {} }], remove: [], images: [] });
      expect((await row()).composeProject).toBeNull();
      expect((await listStacksWithStatus(plane.db, () => true, { hostId })).external).toEqual([]);
    } finally {
      await replaceHostState(plane.db, hostId, { ...sim, containers: [] });
      await plane.db.host.delete({ where: { id: hostId } });
    }
  });

  it("fills the compose project of rows written before the column existed, from their stored labels, so an offline host's stack shows its containers", async () => {
    const hostId = (await plane.db.host.create({ data: { name: `backfill-${provider}-${reads.replace(" ", "-")}`, status: "offline" } })).id;
    const sim = full("backfill", 3);
    const labelsOf = (i: number): Record<string, string> => (i < 2 ? { "com.docker.compose.project": "legacy", "com.docker.compose.service": i ? "db" : "web" } : { "other.label": "com.docker.compose.project" });
    const [web, db, plain] = sim.containers.map((c, i) => ({ ...c, name: `old-${i}`, labels: labelsOf(i) }));
    try {
      await replaceHostState(plane.db, hostId, { ...sim, containers: [web!, db!, plain!] });
      await plane.db.snapshotContainer.updateMany({ where: { hostId }, data: { composeProject: null } }); // as before the column
      expect((await listStacksWithStatus(plane.db, () => true, { hostId })).external).toEqual([]);
      expect(await backfillComposeProjects(plane.db, 1)).toBe(2); // a page of one: the cursor walks every row
      expect((await listStacksWithStatus(plane.db, () => true, { hostId })).external.map((e) => [e.name, e.total])).toEqual([["legacy", 2]]);
      expect(await backfillComposeProjects(plane.db)).toBe(0);
    } finally {
      await replaceHostState(plane.db, hostId, { ...sim, containers: [] });
      await plane.db.host.delete({ where: { id: hostId } });
    }
  });

  it("filters by host, host label, group, state, image, name, port and search", async () => {
    const all = await page({ pageSize: 500 });
    expect(all.total).toBe(11 + 20 + 20);
    expect((await page({ hosts: [hosts[1]!] })).rows.every((r) => r.hostName === "bravo")).toBe(true);
    const dev = await page({ hostLabel: "env=dev", pageSize: 500 });
    expect(dev.total).toBe(20);
    expect(new Set(dev.rows.map((r) => r.hostName))).toEqual(new Set(["charlie"]));
    expect((await page({ hostLabel: "env" })).total).toBe(51);
    expect((await page({ hostLabel: "nope" })).total).toBe(0);
    const group = await plane.db.hostGroup.findFirstOrThrow({ where: { name: `edge-${provider}` } });
    expect((await page({ hostGroupId: group.id, pageSize: 500 })).rows.every((r) => r.hostName === "bravo")).toBe(true);
    const running = await page({ states: ["running"], pageSize: 500 });
    expect(running.total).toBeGreaterThan(0);
    expect(running.rows.every((r) => r.state === "running")).toBe(true);
    expect(running.total).toBe(all.rows.filter((r) => r.state === "running").length);
    const redis = await page({ image: "REDIS", pageSize: 500 }); // case-insensitive
    expect(redis.total).toBe(all.rows.filter((r) => r.image.includes("redis")).length);
    expect(redis.total).toBeGreaterThan(0);
    expect((await page({ name: "bravo-app-1" , pageSize: 500})).rows.map((r) => r.name).sort()).toEqual(["bravo-app-1", ...Array.from({ length: 10 }, (_, i) => `bravo-app-1${i}`)].sort());
    const port = await page({ port: 20_005 }); // published by container 5 of every host
    expect(port.rows.map((r) => r.name).sort()).toEqual(["alpha-app-5", "bravo-app-5", "charlie-app-5"]);
    expect((await page({ search: "charlie-app-19" })).rows.map((r) => r.name)).toEqual(["charlie-app-19"]);
    expect((await page({ search: "bravo", pageSize: 500 })).total).toBe(20); // host names match too
    expect((await page({ search: "100%_" })).total).toBe(0); // wildcards are literal
  });

  it("sorts by name, host, state, image and created in both directions, and pages without overlap", async () => {
    const names = (await page({ sort: "name", pageSize: 500 })).rows.map((r) => r.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const desc = (await page({ sort: "name", direction: "desc", pageSize: 500 })).rows.map((r) => r.name);
    expect(desc).toEqual([...names].reverse());
    const byHost = (await page({ sort: "host", pageSize: 500 })).rows.map((r) => r.hostName);
    expect(byHost).toEqual([...byHost].sort());
    expect(byHost[0]).toBe("alpha");
    expect((await page({ sort: "host", direction: "desc" })).rows[0]?.hostName).toBe("charlie");
    const states = (await page({ sort: "state", pageSize: 500 })).rows.map((r) => r.state);
    expect(states).toEqual([...states].sort());
    const images = (await page({ sort: "image", direction: "desc", pageSize: 500 })).rows.map((r) => r.image);
    expect(images).toEqual([...images].sort().reverse());
    const created = (await page({ sort: "created", pageSize: 500 })).rows.map((r) => r.created.getTime());
    expect(created).toEqual([...created].sort((a, b) => a - b));
    const pages = await Promise.all([1, 2, 3, 4, 5, 6].map((p) => page({ sort: "host", page: p, pageSize: 10 })));
    const keys = pages.flatMap((p) => p.rows.map((r) => `${r.hostId}/${r.id}`));
    expect(keys).toHaveLength(51);
    expect(new Set(keys).size).toBe(51);
    expect(pages[5]!.rows).toHaveLength(1);
    expect(pages[0]!.total).toBe(51);
  });

  it("shows a user only the hosts they hold host.view and container.view on", async () => {
    const bravoOnly = await actorOf("bravo-viewer", [{ role: "viewer", hostId: hosts[1]! }]);
    const seen = await page({ pageSize: 500 }, bravoOnly);
    expect(seen.total).toBe(20);
    expect(new Set(seen.rows.map((r) => r.hostName))).toEqual(new Set(["bravo"]));
    expect((await page({ hosts: [hosts[0]!] }, bravoOnly)).total).toBe(0); // asking for another host shows nothing
    const nobody = await actorOf("no-grants", []);
    expect((await page({}, nobody)).total).toBe(0);
  });

  it("an offline host's rows carry when they were last known; a revoked host's rows are gone from the views", async () => {
    const lastSeen = new Date(Date.now() - 5 * 60_000);
    await plane.db.host.update({ where: { id: hosts[2]! }, data: { status: "offline", lastSeenAt: lastSeen } });
    await plane.db.host.update({ where: { id: hosts[1]! }, data: { status: "online" } });
    const rows = (await page({ pageSize: 500 })).rows;
    expect(rows.filter((r) => r.hostName === "charlie").every((r) => r.hostStatus === "offline" && r.knownAt?.getTime() === lastSeen.getTime())).toBe(true);
    expect(rows.filter((r) => r.hostName === "bravo").every((r) => r.hostStatus === "online" && r.knownAt === null)).toBe(true);
    await plane.db.host.update({ where: { id: hosts[2]! }, data: { revokedAt: new Date() } });
    expect((await page({ pageSize: 500 })).total).toBe(31);
    expect((await page({ sort: "host", pageSize: 500 })).rows.some((r) => r.hostName === "charlie")).toBe(false);
  });
});
