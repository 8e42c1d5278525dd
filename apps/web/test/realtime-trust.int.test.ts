import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { io as connectSocket, type Socket } from "socket.io-client";
import { deleteSession } from "@dockmaster/core";
import { createSimHosts, SimAgent } from "../../../bench/sim";
import { planeWithAgent, signedInUser, testEngines, testImage, uiClient, waitFor } from "./support";

/**
 * Issue 13, the socket side: a slow browser never costs the agent its connection, stream slots are
 * shared fairly, an open socket follows the session and access as they are now, the /ui handshake
 * checks the Origin, refused agent handshakes are audited in aggregate. Real agent, real engine.
 */
let ctx: Awaited<ReturnType<typeof planeWithAgent>>;
let plane: typeof ctx.plane;
let hostId: string;
const RUN = `dmtrust-${process.pid}`;
const containers: string[] = [];
const sockets: Socket[] = [];
const ACK_TIMEOUT_MS = 3_000;

beforeAll(async () => {
  ctx = await planeWithAgent("trust", { uiStreamAckTimeoutMs: ACK_TIMEOUT_MS });
  ({ plane, hostId } = ctx);
  const { id } = await ctx.engine.createContainer({ image: testImage(), name: `${RUN}-quiet`, cmd: ["sleep", "3600"], labels: { [RUN]: "1" } });
  containers.push(id);
  await ctx.engine.startContainer(id);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  for (const id of containers) await ctx?.engine.removeContainer(id, { force: true }).catch(() => undefined);
  await ctx?.close();
});

const track = (s: Socket) => (sockets.push(s), s);
const ack = <T = { ok: boolean; error?: unknown }>(s: Socket, event: string, payload: unknown, ms = 20_000) => s.timeout(ms).emitWithAck(event, payload) as Promise<T>;
let streamSeq = 0;
const openLogs = (s: Socket, id = containers[0]!) => ack<{ ok: boolean; error?: { code: string; message: string } }>(s, "stream:open", { streamId: `s${++streamSeq}`, hostId, type: "container.logs", params: { id, follow: true, tail: 0 } });
const closeAll = async (list: Socket[]) => {
  for (const s of list) s.close();
  await waitFor(() => plane.hub.streams.openCount === 0, "every stream closed", 20_000);
};

describe("a slow or absent browser (finding 5)", () => {
  it("gets its streams closed with a clear reason; the agent is never cut off nor held off", async () => {
    const viewer = await signedInUser(plane.db, "trust-slow-viewer", [{ role: "viewer", hostId }]);
    // A raw socket that never acknowledges frames: like a frozen tab.
    const frozen = track(await uiClient(plane.port, viewer.cookie));
    const ends: Array<{ streamId: string; ok: boolean; error?: { code: string; message: string } }> = [];
    frozen.on("stream:end", (end: (typeof ends)[number]) => ends.push(end));
    frozen.on("stream:frames", () => undefined); // takes frames, never acks them
    const opened = await Promise.all(Array.from({ length: 32 }, (_, i) => ack(frozen, "stream:open", { streamId: `stats-${i}`, hostId, type: "container.stats", params: { id: containers[0]! } })));
    expect(opened.every((a) => a.ok)).toBe(true);
    await waitFor(() => ends.length === 32, "every stream of the frozen tab ended", 90_000);
    for (const end of ends) expect(end).toMatchObject({ ok: false, error: { code: "TIMEOUT", message: expect.stringMatching(/did not take the stream's output within 3 s/) as unknown } });
    // The agent stayed connected: no quarantine, no offline host, and another user's stream works.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await plane.db.auditEvent.count({ where: { action: "agent.quarantine" } })).toBe(0);
    expect((await plane.db.host.findUniqueOrThrow({ where: { id: hostId } })).status).toBe("online");
    const admin = track(await uiClient(plane.port, ctx.adminCookie));
    expect(await openLogs(admin)).toMatchObject({ ok: true });
    await closeAll([frozen, admin]);
  }, 150_000);
});

describe("stream limits counted at open (finding 5)", () => {
  it("100 concurrent opens on one socket: at most 32 pass, the rest are refused with a reason", async () => {
    const viewer = await signedInUser(plane.db, "trust-burst-operator", [{ role: "operator", hostId }]);
    const socket = track(await uiClient(plane.port, viewer.cookie));
    const answers = await Promise.all(Array.from({ length: 100 }, () => openLogs(socket)));
    expect(answers.filter((a) => a.ok)).toHaveLength(32);
    for (const refused of answers.filter((a) => !a.ok)) expect(refused.error).toMatchObject({ code: "TOO_MANY_REQUESTS", message: expect.stringMatching(/at most 32 streams per browser tab/) as unknown });
    await closeAll([socket]);
  });

  it("one user with many tabs holds a bounded share of an agent's slots; the admin's streams still open", async () => {
    const viewer = await signedInUser(plane.db, "trust-hog-operator", [{ role: "operator", hostId }]);
    const tabs: Socket[] = [];
    for (let i = 0; i < 9; i++) tabs.push(track(await uiClient(plane.port, viewer.cookie)));
    const answers = (await Promise.all(tabs.map((tab) => Promise.all(Array.from({ length: 32 }, () => openLogs(tab)))))).flat();
    const held = answers.filter((a) => a.ok).length;
    expect(held).toBeLessThanOrEqual(64);
    expect(answers.find((a) => !a.ok && a.error?.code === "TOO_MANY_REQUESTS" && /per user/.test(a.error.message))).toBeDefined();
    const admin = track(await uiClient(plane.port, ctx.adminCookie));
    expect(await openLogs(admin)).toMatchObject({ ok: true });
    await closeAll([...tabs, admin]);
  }, 120_000);

  it("a user may keep only so many sockets open at once", async () => {
    const viewer = await signedInUser(plane.db, "trust-tabs-viewer", [{ role: "viewer", hostId }]);
    const tabs: Socket[] = [];
    for (let i = 0; i < 16; i++) tabs.push(track(await uiClient(plane.port, viewer.cookie)));
    await expect(uiClient(plane.port, viewer.cookie)).rejects.toThrow(/at most 16 open connections per user/);
    for (const tab of tabs) tab.close();
  });
});

describe("an open socket follows the session and the access as they are now (finding 7)", () => {
  it("after its grant is deleted, host:subscribe is refused and audited", async () => {
    const viewer = await signedInUser(plane.db, "trust-regrant-viewer", [{ role: "viewer", hostId }]);
    const socket = track(await uiClient(plane.port, viewer.cookie));
    expect(await ack(socket, "host:subscribe", { hostId })).toEqual({ ok: true });
    await plane.db.grant.deleteMany({ where: { subjectId: viewer.id } }); // no notification at all: the socket must see it itself
    expect(await ack(socket, "host:subscribe", { hostId })).toMatchObject({ ok: false, error: expect.stringMatching(/host\.view/) as unknown });
    expect(await openLogs(socket)).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await plane.db.auditEvent.count({ where: { actorId: viewer.id, action: "ui.host:subscribe", result: "denied" } })).toBe(1);
    socket.close();
  });

  it("after its session ends (logout, revoke, password change elsewhere), stream:open is refused and the socket is closed", async () => {
    const viewer = await signedInUser(plane.db, "trust-logout-operator", [{ role: "operator", hostId }]);
    const socket = track(await uiClient(plane.port, viewer.cookie));
    const closed = new Promise<string>((resolve) => socket.on("disconnect", resolve));
    expect(await ack(socket, "host:subscribe", { hostId })).toEqual({ ok: true });
    await deleteSession(plane.db, viewer.cookie.replace(/^dm_session=/, "")); // what logout does
    const answer = await ack(socket, "stream:open", { streamId: "after-logout", hostId, type: "container.logs", params: { id: containers[0]!, follow: true } }).catch(() => ({ ok: false, error: { code: "DISCONNECTED" } }));
    expect(answer).toMatchObject({ ok: false });
    expect(await Promise.race([closed, new Promise((r) => setTimeout(() => r("still connected"), 10_000))])).toBe("io server disconnect");
  });
});

describe("the /ui handshake checks the Origin (finding 8)", () => {
  const connect = (cookie: string, origin?: string) =>
    new Promise<string>((resolve) => {
      const socket = connectSocket(`http://127.0.0.1:${plane.port}/ui`, { transports: ["websocket"], reconnection: false, forceNew: true, extraHeaders: { cookie, ...(origin && { origin }) } });
      socket.on("connect", () => (socket.close(), resolve("connected")));
      socket.on("connect_error", (error) => (socket.close(), resolve(error.message)));
    });

  it("refuses a page of another origin (another port of the same site) carrying the victim's cookie", async () => {
    expect(await connect(ctx.adminCookie, `http://127.0.0.1:${plane.port + 1}`)).toMatch(/origin .* is not allowed/);
    expect(await connect(ctx.adminCookie, `https://127.0.0.1:${plane.port}`)).toMatch(/origin .* is not allowed/);
    expect(await connect(ctx.adminCookie, "null")).toMatch(/origin .* is not allowed/);
  });

  it("accepts the control plane's own origin, and a client that sends none (not a browser)", async () => {
    expect(await connect(ctx.adminCookie, `http://127.0.0.1:${plane.port}`)).toBe("connected");
    expect(await connect(ctx.adminCookie)).toBe("connected");
  });
});

describe("refused agent handshakes are audited in aggregate (finding 10)", () => {
  it("the first refusal is recorded at once, the repeats as one record with a count", async () => {
    const [host] = await createSimHosts(plane.db, 1, { namePrefix: "trust-forged" });
    const forged = { ...host!, secret: "forged-secret" };
    const where = { action: "agent.authenticate", hostId: host!.hostId, result: "denied" };
    await expect(SimAgent.connect({ url: `http://127.0.0.1:${plane.port}`, credentials: forged })).rejects.toMatchObject({ code: "AUTH_FAILED" });
    expect(await plane.db.auditEvent.count({ where })).toBe(1);
    await Promise.all(Array.from({ length: 40 }, () => SimAgent.connect({ url: `http://127.0.0.1:${plane.port}`, credentials: forged, connectTimeoutMs: 30_000 }).then(() => "admitted", (e: { code?: string }) => e.code)));
    expect(await plane.db.auditEvent.count({ where })).toBe(1);
    const aggregate = await waitFor(() => plane.db.auditEvent.findFirst({ where, orderBy: { seq: "desc" } }).then((r) => (r && (JSON.parse(r.params) as { repeated?: number }).repeated ? r : null)), "the aggregate record", 20_000);
    expect(JSON.parse(aggregate.params)).toMatchObject({ repeated: 40 });
    expect(aggregate.error).toMatch(/AUTH_FAILED/);
    expect(await plane.db.auditEvent.count({ where })).toBe(2);
  }, 60_000);
});

describe("container prune on a real engine (new-user finding)", () => {
  it("the agent's state delta is accepted: no empty id, no refusal, no fallback to a full resync", async () => {
    const lines: string[] = [];
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
    try {
      const ids: string[] = [];
      for (const n of [1, 2]) {
        const { id } = await ctx.engine.createContainer({ image: testImage(), name: `${RUN}-prune-${n}`, cmd: ["true"], labels: { [RUN]: "prune" } });
        ids.push(id);
      }
      await waitFor(async () => (await plane.db.snapshotContainer.count({ where: { hostId, containerId: { in: ids } } })) === 2, "the snapshot holds both", 15_000);
      const agentBefore = ctx.agent.output().length;
      await pruneContainers({ label: [`${RUN}=prune`] });
      await waitFor(async () => (await plane.db.snapshotContainer.count({ where: { hostId, containerId: { in: ids } } })) === 0, "the snapshot drops both", 15_000);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(lines.filter((l) => l.includes("malformed state:delta refused"))).toEqual([]);
      expect(ctx.agent.output().slice(agentBefore)).not.toMatch(/delta not acknowledged/);
    } finally {
      stderr.mockRestore();
    }
  });
});

/** POST /containers/prune on the test engine, limited to this file's label (never another test's containers). */
function pruneContainers(filters: Record<string, string[]>): Promise<void> {
  const socketPath = new URL(testEngines()[0]!).pathname;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ socketPath, method: "POST", path: `/containers/prune?filters=${encodeURIComponent(JSON.stringify(filters))}` }, (res) => {
      res.resume();
      res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`prune answered ${res.statusCode}`))));
    });
    req.on("error", reject);
    req.end();
  });
}
