// Faults on the agent's side of the link, against a real engine: the agent killed in the middle
// of a burst of container events, and the control plane restarted (same database and port).
// Afterwards the host is online by itself, its stored history matches what the engine reported
// (no loss, no duplicates, seq continuous) and containers changed meanwhile show their true state.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { containerFactory, EngineWitness, expectLosslessHistory, faultPlane } from "./faults-support";
import { waitFor } from "./support";

let ctx: Awaited<ReturnType<typeof faultPlane>>;
let witness: EngineWitness;
let containers: ReturnType<typeof containerFactory>;

beforeAll(async () => {
  ctx = await faultPlane("faults-agent", { engineIndex: 0 });
  witness = await EngineWitness.start(ctx.engine);
  containers = containerFactory(ctx.engine, `dmfault-${process.pid}`);
});
afterAll(async () => {
  witness?.close();
  await containers?.cleanup();
  await ctx?.close();
});

describe("faults: agent and control plane", () => {
  it("an agent killed mid-burst resumes from the last stored event after its restart: nothing lost, nothing twice", async () => {
    const storedBefore = await ctx.plane.db.engineEvent.count({ where: { hostId: ctx.hostId } });
    const ids: string[] = [];
    let killed = false;
    const burst = (async () => {
      for (let i = 0; i < 16; i++) {
        ids.push(await containers.create(`burst-${i}`));
        // the burst goes on while the agent is dead; some containers change state in that time
        if (killed && i % 3 === 0) await ctx.engine.stopContainer(ids[i]!, 2);
      }
    })();
    // kill it while it is relaying: after some of the burst is stored, long before its end
    await waitFor(async () => (await ctx.plane.db.engineEvent.count({ where: { hostId: ctx.hostId } })) >= storedBefore + 3, "part of the burst stored");
    await ctx.killAgent();
    killed = true;
    await ctx.offline();
    await burst;
    const storedWhileDead = await ctx.plane.db.engineEvent.count({ where: { hostId: ctx.hostId } });
    expect(storedWhileDead).toBeLessThan(storedBefore + witness.events.length); // the agent really missed events

    await witness.saw(ids.at(-1)!, "start");
    ctx.startAgent();
    await ctx.online();
    const { stored } = await expectLosslessHistory(ctx.plane.db, ctx.hostId, witness, { markers: "none" });
    expect(stored.length).toBeGreaterThan(storedWhileDead);
    // the control plane shows what the engine has, including the ones stopped while the agent was dead
    const truth = await ctx.engine.listContainers({ all: true });
    const expected = Object.fromEntries(ids.map((id) => [id, truth.find((c) => c.id === id)?.state ?? "missing"]));
    expect(Object.values(expected).filter((s) => s === "exited").length).toBeGreaterThan(0);
    await ctx.expectStates(expected);
  }, 150_000); // a fresh agent process needs long to start on a busy 2-core machine

  it("the control plane restarted on the same database and port: the agent reconnects and delivers what it buffered", async () => {
    const ids = [await containers.create("plane-a"), await containers.create("plane-b")];
    let changed: string[] = [];
    await ctx.restartPlane(async () => {
      await ctx.engine.stopContainer(ids[0]!, 2);
      changed = [await containers.create("plane-c"), await containers.create("plane-d", false)];
    });
    await ctx.online();
    // The host's history shows the outage: offline (agent gone or plane restarted), then online again.
    const history = await ctx.plane.db.hostHistory.findMany({ where: { hostId: ctx.hostId }, orderBy: { id: "desc" }, take: 2 });
    expect(history.map((h) => h.kind)).toEqual(["online", "offline"]);
    await witness.saw(changed[1]!, "create");
    await expectLosslessHistory(ctx.plane.db, ctx.hostId, witness, { markers: "none" });
    await ctx.expectStates({ [ids[0]!]: "exited", [ids[1]!]: "running", [changed[0]!]: "running", [changed[1]!]: "created" });
  }, 120_000);
});
