// The server's side of lossless engine events, on SQLite and PostgreSQL: batches over a real
// agent socket, stored by the one batch writer, acknowledged, published to a browser socket.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as connectSocket, type Socket } from "socket.io-client";
import { createEnrollmentToken } from "@dockmaster/core";
import { MAX_EVENT_BATCH, PROTOCOL_VERSION, type AgentWelcome, type EngineEvent } from "@dockmaster/protocol";
import { freshPostgresDatabase, removeDir, signedInUser, startTestPlane, uiClient, waitFor } from "./support";

const T0 = 1_800_000_000_123_456_789n;

function events(fromSeq: number, n: number, extra: Partial<EngineEvent> = {}): EngineEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    seq: fromSeq + i,
    timeNano: (T0 + BigInt(fromSeq + i) * 1_000_000n).toString(),
    type: "container",
    action: "start",
    actorId: `c${fromSeq + i}`,
    actorAttributes: { name: `web-${fromSeq + i}`, image: "busybox" },
    ...extra,
  }));
}

describe.each(["sqlite", "postgresql"] as const)("engine event intake (%s)", (provider) => {
  let plane: Awaited<ReturnType<typeof startTestPlane>>;
  let dropDb: (() => Promise<void>) | undefined;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    let url: string | undefined;
    if (provider === "postgresql") {
      const db = await freshPostgresDatabase(`dm_events_${process.pid}`);
      url = db.url;
      dropDb = () => db.drop();
    }
    plane = await startTestPlane(undefined, 0, url);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    // the gateway marks each host offline on disconnect: let it finish before the database closes
    if (plane) await waitFor(async () => (await plane.db.host.count({ where: { status: "online" } })) === 0, "hosts offline");
    await plane?.close();
    if (plane) removeDir(plane.dir);
    await dropDb?.();
  });

  /** A protocol-level agent: enrolls, and resolves with its welcome. */
  async function agent(name: string): Promise<{ socket: Socket; hostId: string; welcome: AgentWelcome; reconnect(): Promise<AgentWelcome> }> {
    const { token } = await createEnrollmentToken(plane.db, { hostName: name });
    let auth: Record<string, unknown> = { protocolVersion: PROTOCOL_VERSION, agentVersion: "test", engine: null, credential: { kind: "enroll", token } };
    const open = () => {
      const socket = connectSocket(`http://127.0.0.1:${plane.port}/agent`, { auth, transports: ["websocket"], reconnection: false, forceNew: true });
      sockets.push(socket);
      const welcome = new Promise<AgentWelcome>((resolve) => socket.on("agent:welcome", resolve));
      return { socket, welcome };
    };
    const first = open();
    first.socket.on("agent:enrolled", (grant: { hostId: string; secret: string }, ack: (a: unknown) => void) => {
      auth = { ...auth, credential: { kind: "secret", hostId: grant.hostId, secret: grant.secret } };
      ack({ ok: true });
    });
    const welcome = await first.welcome;
    return {
      socket: first.socket,
      hostId: welcome.hostId,
      welcome,
      async reconnect() {
        first.socket.close();
        const again = open();
        const w = await again.welcome;
        again.socket.close();
        return w;
      },
    };
  }

  it("stores a batch in one go with actor name and engine time, acknowledges it and moves the host's position", async () => {
    const a = await agent("intake-a");
    expect(a.welcome).toMatchObject({ lastEventSeq: 0, lastEventTimeNano: null });
    const admin = await signedInUser(plane.db, `intake-admin-${provider}`, [{ role: "admin" }]);
    const ui = await uiClient(plane.port, admin.cookie);
    sockets.push(ui);
    const published: number[] = [];
    ui.on("host:event", (p: { hostId: string; event: EngineEvent }) => p.hostId === a.hostId && published.push(p.event.seq));
    expect(await ui.emitWithAck("host:subscribe", { hostId: a.hostId })).toEqual({ ok: true });

    const batch = events(1, 300);
    expect(await a.socket.emitWithAck("engine:events", { events: batch })).toEqual({ ok: true, seq: 300 });
    const stored = await plane.db.engineEvent.findMany({ where: { hostId: a.hostId }, orderBy: { seq: "asc" } });
    expect(stored.map((e) => e.seq)).toEqual(batch.map((e) => e.seq));
    expect(stored[41]).toMatchObject({ actorName: "web-42", actorId: "c42", timeNano: batch[41]!.timeNano, time: new Date(Number(BigInt(batch[41]!.timeNano) / 1_000_000n)) });
    const host = await plane.db.host.findUniqueOrThrow({ where: { id: a.hostId } });
    expect(host).toMatchObject({ lastEventSeq: 300, lastEventTimeNano: batch[299]!.timeNano });

    // a resend after a lost ack: acknowledged again, stored and published once
    expect(await a.socket.emitWithAck("engine:events", { events: batch.slice(250) })).toEqual({ ok: true, seq: 300 });
    // a resync marker moves the seq but not the resume point
    const marker = events(301, 1, { type: "dockmaster", action: "resync", actorId: "", actorAttributes: { reason: "events-lost" } });
    expect(await a.socket.emitWithAck("engine:events", { events: marker })).toEqual({ ok: true, seq: 301 });
    expect(await plane.db.engineEvent.count({ where: { hostId: a.hostId } })).toBe(301);
    expect(await plane.db.host.findUniqueOrThrow({ where: { id: a.hostId } })).toMatchObject({ lastEventSeq: 301, lastEventTimeNano: batch[299]!.timeNano });
    await waitFor(() => published.length === 301, "every event published once");
    expect(published).toEqual(Array.from({ length: 301 }, (_, i) => i + 1));

    // a restarted agent learns where to resume
    expect(await a.reconnect()).toMatchObject({ lastEventSeq: 301, lastEventTimeNano: batch[299]!.timeNano });
  });

  it("keeps a host's position in memory yet heals when another instance stored its events, and refuses a removed host's", async () => {
    const d = await agent("intake-d");
    const send = (batch: EngineEvent[]): Promise<unknown> => d.socket.emitWithAck("engine:events", { events: batch });
    expect(await send(events(1, 3))).toEqual({ ok: true, seq: 3 });
    // Another instance (the agent moved there and back) stored 4..5 behind this writer's back.
    const other = events(4, 2);
    await plane.db.engineEvent.createMany({ data: other.map((e) => ({ hostId: d.hostId, seq: e.seq, timeNano: e.timeNano, type: e.type, action: e.action, actorId: e.actorId, actorName: "elsewhere" })) });
    await plane.db.host.update({ where: { id: d.hostId }, data: { lastEventSeq: 5, lastEventTimeNano: other[1]!.timeNano } });
    // A resend overlapping them is stored once; a batch after them is first refused as a hole, then taken.
    expect(await send(events(4, 3))).toEqual({ ok: true, seq: 6 });
    const stored = await plane.db.engineEvent.findMany({ where: { hostId: d.hostId }, orderBy: { seq: "asc" } });
    expect(stored.map((e) => [e.seq, e.actorName])).toEqual([[1, "web-1"], [2, "web-2"], [3, "web-3"], [4, "elsewhere"], [5, "elsewhere"], [6, "web-6"]]);
    await plane.db.engineEvent.create({ data: { hostId: d.hostId, seq: 7, timeNano: events(7, 1)[0]!.timeNano, type: "container", action: "stop", actorId: "x" } });
    await plane.db.host.update({ where: { id: d.hostId }, data: { lastEventSeq: 7 } });
    expect(await send(events(8, 1))).toEqual({ ok: false, error: "seq gap: the next event of this host must have seq 7, got 8" });
    expect(await send(events(8, 1))).toEqual({ ok: true, seq: 8 });
    expect(await plane.db.host.findUniqueOrThrow({ where: { id: d.hostId } })).toMatchObject({ lastEventSeq: 8, lastEventTimeNano: events(8, 1)[0]!.timeNano });
    // Removed while connected: nothing of it is stored, then it is an unknown host.
    await plane.db.host.delete({ where: { id: d.hostId } });
    expect(await send(events(9, 1))).toEqual({ ok: false, error: "events not stored" });
    expect(await send(events(9, 1))).toEqual({ ok: false, error: "unknown host" });
    expect(await plane.db.engineEvent.count({ where: { hostId: d.hostId, seq: { gte: 9 } } })).toBe(0);
  });

  it("refuses a hole, a malformed and an oversized batch with the reason, and other agents carry on", async () => {
    const b = await agent("intake-b");
    const c = await agent("intake-c");
    const send = (s: Socket, batch: EngineEvent[]): Promise<unknown> => s.emitWithAck("engine:events", { events: batch });
    const [hole, other] = await Promise.all([send(b.socket, events(5, 3)), send(c.socket, events(1, 3))]);
    expect(hole).toEqual({ ok: false, error: "seq gap: the next event of this host must have seq 1, got 5" });
    expect(other).toEqual({ ok: true, seq: 3 });
    expect(await b.socket.emitWithAck("engine:events", { events: [...events(1, 2), ...events(4, 1)] })).toEqual({ ok: false, error: "malformed event batch: events: the events of a batch must have consecutive seqs" });
    expect(await b.socket.emitWithAck("engine:events", { events: events(1, MAX_EVENT_BATCH + 1) })).toMatchObject({ ok: false, error: expect.stringMatching(/^malformed event batch: events: Too big/i) as unknown });
    expect(await b.socket.emitWithAck("engine:events", { events: events(1, 1, { timeNano: "soon" }) })).toMatchObject({ ok: false, error: expect.stringContaining("events.0.timeNano: timeNano must be a decimal number") as unknown });
    expect(await b.socket.emitWithAck("engine:events", { events: [] })).toMatchObject({ ok: false });
    expect(await plane.db.engineEvent.count({ where: { hostId: b.hostId } })).toBe(0);
    expect(await b.socket.emitWithAck("engine:events", { events: events(1, 2) })).toEqual({ ok: true, seq: 2 });
    expect(await c.socket.emitWithAck("engine:events", { events: events(4, 2) })).toEqual({ ok: true, seq: 5 });
  });
});
