import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket as ClientSocket } from "socket.io-client";
import { closeFleet, connectFleet, createSimHosts, type SimAgent } from "../../../bench/sim";
import { removeDir, signedInUser, startTestPlane, uiClient, waitFor } from "./support";

/** The simulated agents of bench/sim speak the real protocol: the control plane serves them like real agents. */
describe("simulated agents", () => {
  let plane: Awaited<ReturnType<typeof startTestPlane>>;
  let agents: SimAgent[];
  let ui: ClientSocket;

  beforeAll(async () => {
    plane = await startTestPlane();
    const hosts = await createSimHosts(plane.db, 3, { namePrefix: "simtest" });
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
});
