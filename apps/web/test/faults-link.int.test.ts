// A host's link cut for longer than the heartbeat (scripts/testbed.sh link K down): the agent
// runs inside the engine's network namespace and dials the control plane on the switch's host
// address. The server marks the host offline, and once the link is back the agent reconnects by
// itself and delivers every event of the outage: seq continuous, no marker, true container states.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { containerFactory, EngineWitness, expectLosslessHistory, faultPlane, testbed } from "./faults-support";

const HEARTBEAT = { intervalMs: 500, timeoutMs: 500 };

let ctx: Awaited<ReturnType<typeof faultPlane>>;
let witness: EngineWitness;
let containers: ReturnType<typeof containerFactory>;

beforeAll(async () => {
  ctx = await faultPlane("faults-link", { engineIndex: 1, agentInEngineNetns: true, heartbeat: HEARTBEAT });
  witness = await EngineWitness.start(ctx.engine);
  containers = containerFactory(ctx.engine, `dmfault-link-${process.pid}`);
});
afterAll(async () => {
  await testbed("link", String(ctx?.engineNumber ?? 2), "up").catch(() => undefined);
  witness?.close();
  await containers?.cleanup();
  await ctx?.close();
});

describe("faults: link cut", () => {
  it("goes offline after the heartbeat, comes back by itself, and delivers what happened meanwhile", async () => {
    const stopped = await containers.create("stopped-while-cut");
    const kept = await containers.create("kept");
    await witness.saw(kept, "start");
    await expectLosslessHistory(ctx.plane.db, ctx.hostId, witness, { markers: "none" });

    await testbed("link", String(ctx.engineNumber), "down");
    const cutAt = Date.now();
    await ctx.offline();
    expect(Date.now() - cutAt).toBeLessThan(10_000);
    await ctx.engine.stopContainer(stopped, 2);
    const created = await containers.create("created-while-cut");
    // the cut lasts well beyond the heartbeat (interval + timeout = 1 s)
    await new Promise((r) => setTimeout(r, Math.max(0, 4_000 - (Date.now() - cutAt))));
    expect((await ctx.plane.db.host.findUniqueOrThrow({ where: { id: ctx.hostId } })).status).toBe("offline");
    await testbed("link", String(ctx.engineNumber), "up");

    await ctx.online();
    await witness.saw(created, "start");
    await expectLosslessHistory(ctx.plane.db, ctx.hostId, witness, { markers: "none" });
    await ctx.expectStates({ [stopped]: "exited", [kept]: "running", [created]: "running" });
  }, 120_000);
});
