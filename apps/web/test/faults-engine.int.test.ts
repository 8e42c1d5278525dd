// An engine's dockerd restarted under a running agent (scripts/testbed.sh restart-engine): the
// engine's own event ring starts empty, so events around the restart may be gone. The stored
// history must still hold every event the engine reported, seq continuous, with an explicit
// resync marker at the restart; containers stopped by the restart show their true state.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESYNC_ACTION } from "@dockmaster/protocol";
import { containerFactory, EngineWitness, expectLosslessHistory, faultPlane, testbed } from "./faults-support";
import { waitFor } from "./support";

let ctx: Awaited<ReturnType<typeof faultPlane>>;
let witness: EngineWitness;
let containers: ReturnType<typeof containerFactory>;

beforeAll(async () => {
  ctx = await faultPlane("faults-engine", { engineIndex: 1 });
  witness = await EngineWitness.start(ctx.engine);
  containers = containerFactory(ctx.engine, `dmfault-engine-${process.pid}`);
});
afterAll(async () => {
  witness?.close();
  await containers?.cleanup();
  await ctx?.close();
});

describe("faults: engine restart", () => {
  it("records a resync marker where the engine restarted, loses none of the events the engine reported, and shows the containers it stopped", async () => {
    const running = await containers.create("running");
    const before = await waitFor(() => ctx.plane.db.engineEvent.findFirst({ where: { hostId: ctx.hostId, actorId: running, action: "start" } }), "the start stored");

    await testbed("restart-engine", String(ctx.engineNumber));
    const after = await containers.create("after-restart");
    await ctx.online();
    await witness.saw(after, "start");

    const { stored, markers } = await expectLosslessHistory(ctx.plane.db, ctx.hostId, witness, { markers: "some" });
    expect(markers[0]).toMatchObject({ action: RESYNC_ACTION, actorName: "" });
    expect(JSON.parse(markers[0]!.attributes)).toMatchObject({ reason: "events-lost", cause: "stream-broke" });
    const afterStart = stored.find((e) => e.actorId === after && e.action === "start")!;
    expect(markers[0]!.seq).toBeGreaterThan(before.seq);
    expect(markers[0]!.seq).toBeLessThan(afterStart.seq); // the marker stands between the two lives of the engine
    await ctx.expectStates({ [running]: "exited", [after]: "running" });
  }, 120_000);
});
