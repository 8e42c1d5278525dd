import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket } from "socket.io-client";
import { createSimHosts, SimAgent, type SimHostCredentials } from "../../../bench/sim";
import { freshPostgresDatabase, removeDir, signedInClient, signedInUser, startTestPlane, testRedis, uiClient, waitFor } from "./support";

/**
 * Finding 7 across instances: two control planes on one PostgreSQL database joined by Redis. A
 * browser socket on B follows what happens on A — a grant deleted, a session ended — at once.
 */
type Plane = Awaited<ReturnType<typeof startTestPlane>>;
const redis = testRedis();
let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
let a: Plane;
let b: Plane;
let host: SimHostCredentials;
let agent: SimAgent;
let adminOnA: ReturnType<typeof signedInClient>;
const sockets: Socket[] = [];

beforeAll(async () => {
  database = await freshPostgresDatabase(`dm_rt_scale_${process.pid}`);
  const shared = { secretKey: randomBytes(32), redisUrl: redis.url, instanceTiming: { beatMs: 300, staleMs: 1_500 } };
  a = await startTestPlane(undefined, 0, database.url, shared);
  b = await startTestPlane(undefined, 0, database.url, shared);
  const [created] = await createSimHosts(a.db, 1, { namePrefix: "rtscale" });
  host = created!;
  agent = await SimAgent.connect({ url: `http://127.0.0.1:${a.port}`, credentials: host });
  adminOnA = signedInClient(a.port, (await signedInUser(a.db, "rtscale-admin", [{ role: "admin" }])).cookie);
}, 120_000);
afterAll(async () => {
  for (const s of sockets) s.close();
  agent?.close();
  for (const plane of [a, b]) {
    await plane?.close();
    if (plane) removeDir(plane.dir);
  }
  await database?.drop();
});

const subscribe = (socket: Socket) => socket.timeout(10_000).emitWithAck("host:subscribe", { hostId: host.hostId }) as Promise<{ ok: boolean; error?: string }>;

describe("a socket on instance B", () => {
  it("loses a host's live events and its re-subscription once the grant is deleted on A", async () => {
    const viewer = await signedInUser(a.db, "rtscale-viewer", [{ role: "viewer", hostId: host.hostId }]);
    const socket = await uiClient(b.port, viewer.cookie);
    sockets.push(socket);
    const heard: number[] = [];
    socket.on("host:event", (payload: { event: { seq: number } }) => heard.push(payload.event.seq));
    expect(await subscribe(socket)).toEqual({ ok: true });
    const first = agent.nextEvent();
    expect(await agent.sendEvent(first)).toBe(true);
    await waitFor(() => heard.includes(first.seq), "the event on B");
    const grant = (await a.db.grant.findFirstOrThrow({ where: { subjectId: viewer.id } })).id;
    await adminOnA.grants.delete.mutate({ grantId: grant });
    expect(await subscribe(socket)).toMatchObject({ ok: false, error: "permission host.view is required" });
    const after = agent.nextEvent();
    expect(await agent.sendEvent(after)).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    expect(heard).not.toContain(after.seq);
  });

  it("is closed within seconds once its session ends on A (logout)", async () => {
    const viewer = await signedInUser(a.db, "rtscale-leaver", [{ role: "viewer", hostId: host.hostId }]);
    const socket = await uiClient(b.port, viewer.cookie);
    sockets.push(socket);
    const closed = new Promise<string>((resolve) => socket.on("disconnect", resolve));
    expect(await subscribe(socket)).toEqual({ ok: true });
    await signedInClient(a.port, viewer.cookie).auth.logout.mutate();
    expect(await Promise.race([closed, new Promise((r) => setTimeout(() => r("still connected"), 5_000))])).toBe("io server disconnect");
  });
});
