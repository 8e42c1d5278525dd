import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Socket as ClientSocket } from "socket.io-client";
import { closeFleet, connectFleet, createSimHosts, SimAgent, type SimHostCredentials } from "../../../bench/sim";
import { removeDir, signedInUser, startTestPlane, uiClient, waitFor } from "./support";

/** The simulated agents of bench/sim speak the real protocol: the control plane serves them like real agents. */
describe("simulated agents", () => {
  let plane: Awaited<ReturnType<typeof startTestPlane>>;
  let agents: SimAgent[];
  let hosts: SimHostCredentials[];
  let ui: ClientSocket;

  beforeAll(async () => {
    plane = await startTestPlane();
    hosts = await createSimHosts(plane.db, 3, { namePrefix: "simtest" });
    agents = await connectFleet(`http://127.0.0.1:${plane.port}`, hosts);
    ui = await uiClient(plane.port, (await signedInUser(plane.db, "sim-admin", [{ role: "admin" }])).cookie);
  });
  afterAll(async () => {
    ui?.close();
    closeFleet(agents ?? []);
    await plane?.close();
    if (plane) removeDir(plane.dir);
  });

  it("come online and answer requests from their simulated engine", async () => {
    await waitFor(async () => (await plane.db.host.count({ where: { status: "online", id: { in: agents.map((a) => a.hostId) } } })) === 3, "3 sim hosts online");
    const list = await plane.hub.request(agents[1]!.hostId, "container.list", { all: true });
    expect(list).toHaveLength(50);
    expect(list.map((c) => c.id)).toEqual(agents[1]!.state.containers.map((c) => c.id));
    await expect(plane.hub.request(agents[1]!.hostId, "container.start", { id: "abc" })).rejects.toThrow(/does not implement/);
  });

  it("relay their engine events to subscribed browsers and have them acknowledged", async () => {
    const agent = agents[2]!;
    expect(await new Promise((resolve) => ui.emit("host:subscribe", { hostId: agent.hostId }, resolve))).toEqual({ ok: true });
    const received = new Promise<{ hostId: string; event: { seq: number } }>((resolve) => ui.once("host:event", resolve));
    const event = agent.nextEvent();
    expect(await agent.sendEvent(event)).toBe(true);
    expect(await received).toMatchObject({ hostId: agent.hostId, event: { seq: event.seq } });
    expect(await plane.db.engineEvent.count({ where: { hostId: agent.hostId, seq: event.seq } })).toBe(1);
  });

  it("refuse malformed, unknown and oversized messages and a forged secret, and log them, while other agents keep relaying", async () => {
    const [bad, good] = [agents[0]!, agents[2]!];
    const lines: string[] = [];
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const logged = (message: string, hostId: string) => lines.some((l) => l.includes(`"message":"${message}"`) && l.includes(hostId));
    try {
      const refused = (await bad.socket.timeout(5_000).emitWithAck("engine:events", { events: [{ seq: "NaN" }] })) as { ok: boolean; error: string };
      expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/^malformed event batch: events\.0\.seq/) as unknown });
      bad.socket.emit("no-such-message", { x: 1 });
      await expect(SimAgent.connect({ url: `http://127.0.0.1:${plane.port}`, credentials: { ...hosts[2]!, secret: "forged-secret" } })).rejects.toMatchObject({ code: "AUTH_FAILED" });
      // Over the 1 MB message limit: the server closes that agent's socket, and only that one.
      bad.socket.emit("engine:events", { events: [], pad: "x".repeat(1_500_000) });
      await waitFor(() => !bad.connected, "the oversized sender cut off");

      const received = new Promise<{ hostId: string; event: { seq: number } }>((resolve) => ui.once("host:event", resolve));
      const event = good.nextEvent();
      expect(await good.sendEvent(event)).toBe(true);
      expect(await received).toMatchObject({ hostId: good.hostId, event: { seq: event.seq } });
      expect(good.connected).toBe(true);
      expect(agents[1]!.connected).toBe(true);

      await waitFor(() => logged("agent disconnected", bad.hostId), "the cut-off logged");
      expect(logged("engine event batch refused", bad.hostId)).toBe(true);
      expect(logged("unexpected agent message dropped", bad.hostId)).toBe(true);
      expect(lines.some((l) => l.includes('"message":"agent refused"') && l.includes("AUTH_FAILED"))).toBe(true);
      expect(await plane.db.auditEvent.count({ where: { action: "agent.authenticate", result: "denied", hostId: good.hostId } })).toBe(1);
    } finally {
      stderr.mockRestore();
    }
  });
  it("log a flood in a few lines with counts, close the flooding socket past its budget, and hold its host off (audited)", async () => {
    const [host] = await createSimHosts(plane.db, 1, { namePrefix: "simflood" });
    const flooder = await SimAgent.connect({ url: `http://127.0.0.1:${plane.port}`, credentials: host! });
    const lines: string[] = [];
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      for (let i = 0; i < 600; i++) flooder.socket.emit("engine:events", { events: [{ seq: "NaN" }] });
      await waitFor(() => !flooder.connected, "the flooder cut off", 10_000);
      const mine = lines.filter((l) => l.includes(host!.hostId)).map((l) => JSON.parse(l) as { message: string; count?: number });
      expect(mine.some((l) => l.message === "agent disconnected: too many refused messages")).toBe(true);
      const refusedLines = mine.filter((l) => l.message === "engine event batch refused");
      expect(refusedLines.length).toBeLessThanOrEqual(2);
      // Every refusal is accounted for in the counts, up to the one that closed the socket.
      expect(refusedLines.reduce((sum, l) => sum + (l.count ?? 0), 0)).toBeGreaterThan(100);
      expect(agents[2]!.connected).toBe(true);
      // Quarantined: its reconnects are refused, with when to come back; the quarantine is audited.
      expect(mine.some((l) => l.message === "agent quarantined")).toBe(true);
      const t0 = performance.now();
      const refused = await SimAgent.connect({ url: `http://127.0.0.1:${plane.port}`, credentials: host! }).then(
        () => null,
        (error: Error & { code?: string }) => error,
      );
      expect(refused?.code).toBe("QUARANTINED");
      expect(refused?.message).toMatch(/held off for another (2\d|30) s/);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(950);
      const audited = await plane.db.auditEvent.findFirst({ where: { action: "agent.quarantine", hostId: host!.hostId } });
      expect(audited).toMatchObject({ result: "denied" });
      // Other agents connect and relay as before.
      const [other] = await createSimHosts(plane.db, 1, { namePrefix: "simafter" });
      (await SimAgent.connect({ url: `http://127.0.0.1:${plane.port}`, credentials: other! })).close();
    } finally {
      stderr.mockRestore();
      flooder.close();
    }
  });
  it("answer an address that keeps failing the handshake only after a delay, without delaying valid agents from it", async () => {
    const forged = { ...hosts[1]!, secret: "forged-again" };
    const attempt = async () => {
      const t0 = performance.now();
      await expect(SimAgent.connect({ url: `http://127.0.0.1:${plane.port}`, credentials: forged })).rejects.toMatchObject({ code: "AUTH_FAILED" });
      return performance.now() - t0;
    };
    // The earlier test forged once from this address; ten failures are answered at once.
    for (let i = 0; i < 9; i++) expect(await attempt()).toBeLessThan(900);
    expect(await attempt()).toBeGreaterThanOrEqual(950);
    const [host] = await createSimHosts(plane.db, 1, { namePrefix: "simvalid" });
    const t0 = performance.now();
    const valid = await SimAgent.connect({ url: `http://127.0.0.1:${plane.port}`, credentials: host! });
    expect(performance.now() - t0).toBeLessThan(900);
    valid.close();
  });
});
