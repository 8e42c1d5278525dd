import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pruneEngineEvents } from "@dockmaster/core";
import { startEventRetention } from "../src/server/event-retention";
import { planeWithAgent, signedInClient, signedInUser, testImage, trpcFailure, waitFor } from "./support";

/**
 * The engine events history: real events from testbed engine 1 (host A, through a real agent)
 * and a seeded history on host B (no agent) for pagination, authorization, export and retention.
 */
let ctx: Awaited<ReturnType<typeof planeWithAgent>>;
let hostB: string;
let scopedCookie: string;
const RUN = `dmevents-${process.pid}`;
const DAY = 24 * 3600 * 1000;
const containers: string[] = [];
let containerId: string;
const SEEDED = 250;
const now = Date.now();

beforeAll(async () => {
  ctx = await planeWithAgent("events");
  const { plane, engine, hostId } = ctx;
  hostB = (await plane.db.host.create({ data: { name: "events-b" } })).id;
  scopedCookie = (await signedInUser(plane.db, "events-scoped", [{ role: "viewer", hostId }])).cookie;
  // Real events on engine 1: create, start, stop.
  const created = await engine.createContainer({ image: testImage(), name: `${RUN}-web`, cmd: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"] });
  containerId = created.id;
  containers.push(containerId);
  await engine.startContainer(containerId);
  await engine.stopContainer(containerId, 1);
  await waitFor(() => plane.db.engineEvent.findFirst({ where: { hostId, actorId: containerId, action: "stop" } }), "the stop event stored", 15_000);
  // Host B: SEEDED events a minute apart (several sharing a second, to test the tie-break), a resync marker, history.
  await plane.db.engineEvent.createMany({
    data: Array.from({ length: SEEDED }, (_, i) => ({
      hostId: hostB,
      seq: i + 1,
      timeNano: String(BigInt(now - 10 * DAY + Math.floor(i / 3) * 60_000) * 1_000_000n),
      time: new Date(now - 10 * DAY + Math.floor(i / 3) * 60_000),
      type: i % 2 ? "container" : "image",
      action: i % 2 ? "die" : "pull",
      actorId: `seeded-${i}`,
      actorName: i % 2 ? `worker-${i}` : "registry.local/app:1",
      image: "registry.local/app:1", // as the event writer fills it: the pull's reference, the container's image
      attributes: JSON.stringify(i % 2 ? { name: `worker-${i}`, image: "registry.local/app:1", exitCode: "137" } : { name: "registry.local/app:1" }),
    })),
  });
  await plane.db.engineEvent.create({ data: { hostId: hostB, seq: SEEDED + 1, timeNano: String(BigInt(now - DAY) * 1_000_000n), time: new Date(now - DAY), type: "dockmaster", action: "resync", actorId: hostB, attributes: JSON.stringify({ reason: "engine restarted" }) } });
  await plane.db.hostHistory.create({ data: { hostId: hostB, time: new Date(now - 2 * DAY), kind: "offline", reason: "heartbeat lost" } });
}, 60_000);
afterAll(async () => {
  for (const id of containers) await ctx?.engine.removeContainer(id, { force: true }).catch(() => undefined);
  await ctx?.close();
});

const admin = () => ctx.admin.client;

describe("events.list", () => {
  it("filters a host's real events by container, type, action, image and words", async () => {
    const { hostId } = ctx;
    const forContainer = await admin().events.list.query({ hostId, container: containerId.slice(0, 12) });
    expect(forContainer.items.map((e) => e.action).reverse()).toEqual(expect.arrayContaining(["create", "start", "stop"]) as unknown);
    expect(forContainer.items.every((e) => e.actorId === containerId)).toBe(true);
    const starts = await admin().events.list.query({ hostId, type: "container", action: "start" });
    expect(starts.items.length).toBeGreaterThan(0);
    expect(starts.items.every((e) => e.type === "container" && e.action === "start")).toBe(true);
    const byImage = await admin().events.list.query({ hostId, image: testImage() });
    expect(byImage.items.some((e) => e.actorId === containerId)).toBe(true);
    const byWords = await admin().events.list.query({ hostId, text: `${RUN}-web stop` });
    expect(byWords.items.map((e) => [e.actorId, e.action])).toEqual([[containerId, "stop"]]);
    expect((await admin().events.list.query({ hostId, text: "no-such-word-anywhere" })).items).toEqual([]);
    // Newest first.
    const times = forContainer.items.map((e) => e.time.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("pages newest first with a keyset cursor: every event once, in (time, id) order", async () => {
    const seen: Array<{ id: number; time: Date }> = [];
    let cursor: { time: Date; id: number } | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<ReturnType<typeof admin>["events"]["list"]["query"]>> = await admin().events.list.query({ hostId: hostB, type: "container", limit: 40, cursor });
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(seen).toHaveLength(SEEDED / 2);
    expect(pages).toBe(Math.ceil(SEEDED / 2 / 40));
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [seen[i - 1]!, seen[i]!];
      expect(a.time.getTime() > b.time.getTime() || (a.time.getTime() === b.time.getTime() && a.id > b.id)).toBe(true);
    }
    const ranged = await admin().events.list.query({ hostId: hostB, from: new Date(now - 10 * DAY), to: new Date(now - 10 * DAY + 60_000), limit: 500 });
    expect(ranged.items).toHaveLength(6); // two minutes' worth, three events a minute
  });

  it("shows resync markers and host history next to the events they happened between", async () => {
    const page = await admin().events.list.query({ hostId: hostB, limit: 5 });
    expect(page.items[0]).toMatchObject({ type: "dockmaster", action: "resync", attributes: { reason: "engine restarted" } });
    expect(page.history.map((h) => [h.kind, h.reason])).toEqual([["offline", "heartbeat lost"]]);
    // A narrowing filter leaves host history out.
    expect((await admin().events.list.query({ hostId: hostB, type: "container", limit: 5 })).history).toEqual([]);
  });

  it("fleet-wide shows only the hosts the reader may view; another host is refused and audited", async () => {
    const scoped = signedInClient(ctx.plane.port, scopedCookie);
    const fleet = await scoped.events.list.query({ limit: 500 });
    expect(fleet.items.length).toBeGreaterThan(0);
    expect(new Set(fleet.items.map((e) => e.hostId))).toEqual(new Set([ctx.hostId]));
    const all = await admin().events.list.query({ limit: 500 });
    expect(new Set(all.items.map((e) => e.hostId))).toEqual(new Set([ctx.hostId, hostB]));
    expect(await trpcFailure(scoped.events.list.query({ hostId: hostB }))).toMatchObject({ code: "FORBIDDEN", message: `permission host.view is required on host ${hostB}` });
    expect(await ctx.plane.db.auditEvent.count({ where: { action: "events.list", result: "denied", hostId: hostB } })).toBe(1);
    expect((await trpcFailure(scoped.events.list.query({ hostId: ctx.hostId, from: "yesterday" as never }))).code).toBe("BAD_REQUEST");
  });
});

describe("export", () => {
  const get = (cookie: string, query: string) => fetch(`http://127.0.0.1:${ctx.plane.port}/api/events/export?${query}`, { headers: { cookie } });

  it("downloads CSV and JSON with the page's filters", async () => {
    const csv = await get(ctx.adminCookie, `hostId=${hostB}&type=container&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-disposition")).toBe('attachment; filename="dockmaster-events.csv"');
    const lines = (await csv.text()).trim().split("\n");
    expect(lines[0]).toBe("id,hostId,seq,time,timeNano,type,action,actorId,actorName,attributes,receivedAt");
    expect(lines).toHaveLength(1 + SEEDED / 2);
    expect(lines.slice(1).every((l) => l.includes('"container","die"'))).toBe(true);
    const json = await get(ctx.adminCookie, `hostId=${hostB}&image=registry.local/app:1&format=json`);
    const rows = (await json.json()) as Array<{ type: string; hostId: string }>;
    expect(rows).toHaveLength(SEEDED); // the image's pulls and the containers made from it
    expect(await ctx.plane.db.auditEvent.count({ where: { action: "events.export", result: "ok" } })).toBe(2);
  });

  it("applies the same authorization as the page", async () => {
    const fleet = await (await get(scopedCookie, "format=json")).json() as Array<{ hostId: string }>;
    expect(fleet.length).toBeGreaterThan(0);
    expect(fleet.every((e) => e.hostId === ctx.hostId)).toBe(true);
    const refused = await get(scopedCookie, `hostId=${hostB}`);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toBe(`permission host.view is required on host ${hostB}`);
    expect((await get("", "format=csv")).status).toBe(401);
    const bad = await get(ctx.adminCookie, "from=not-a-date");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe("invalid export query: from: not a date (use ISO 8601)");
    expect(await ctx.plane.db.auditEvent.count({ where: { action: "events.export", result: "denied" } })).toBe(2);
  });
});

describe("retention", () => {
  it("is a setting (default 30 days) only settings.manage may change, with its limits checked", async () => {
    expect((await admin().settings.get.query()).eventRetentionDays).toBe(30);
    expect((await trpcFailure(admin().settings.update.mutate({ eventRetentionDays: 0 }))).message).toMatch(/eventRetentionDays/);
    const scoped = signedInClient(ctx.plane.port, scopedCookie);
    expect((await trpcFailure(scoped.settings.update.mutate({ eventRetentionDays: 5 }))).code).toBe("FORBIDDEN");
    expect((await admin().settings.update.mutate({ eventRetentionDays: 7 })).eventRetentionDays).toBe(7);
  });

  it("prunes only events older than the retention, at startup and on schedule", async () => {
    const { db } = ctx.plane;
    // Retention is 7 days (above): host B's seeded events are 10 days old, the resync marker 1 day.
    const recentBefore = await db.engineEvent.count({ where: { time: { gte: new Date(now - 7 * DAY) } } });
    // More old rows than one delete round takes, all at one instant (the prune's tie path).
    const burst = new Date(now - 20 * DAY);
    await db.engineEvent.createMany({ data: Array.from({ length: 5_200 }, (_, i) => ({ hostId: "events-burst", seq: i + 1, timeNano: String(BigInt(burst.getTime()) * 1_000_000n), time: burst, type: "container", action: "die", actorId: `burst-${i}` })) });
    const job = startEventRetention(db);
    await job.stop(); // waits for the run it started with
    expect(await db.engineEvent.count({ where: { hostId: hostB } })).toBe(1);
    expect(await db.engineEvent.count({ where: { hostId: "events-burst" } })).toBe(0);
    expect(await db.engineEvent.count()).toBe(recentBefore);
    expect(await db.engineEvent.findFirst({ where: { hostId: hostB, type: "dockmaster" } })).not.toBeNull();
    expect(await db.engineEvent.count({ where: { hostId: ctx.hostId, actorId: containerId } })).toBeGreaterThanOrEqual(3);
    expect((await pruneEngineEvents(db)).deleted).toBe(0);
  });
});
