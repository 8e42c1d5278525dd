import { describe, expect, it } from "vitest";
import type { Db } from "@dockmaster/db";
import type { ClusterBus } from "@dockmaster/realtime";
import { ClusterStackRuns } from "./stack-runs";

/** Unit: a cancel that lands on another instance reaches the one running the deploy (a bus that routes calls between two in-memory instances; the real one over Redis is in scale-out.int). */
function twoInstances() {
  const handlers = new Map<string, Map<string, (payload: unknown) => Promise<unknown>>>();
  const bus = (instanceId: string): ClusterBus => ({
    instanceId,
    clustered: true,
    publish: () => undefined,
    on: () => undefined,
    handle: (topic, handler) => void handlers.set(instanceId, new Map([...(handlers.get(instanceId) ?? []), [topic, handler]])),
    call: (target, topic, payload) => handlers.get(target)?.get(topic)?.(payload) ?? Promise.reject(new Error(`no ${topic} on ${target}`)),
  });
  const live = ["a", "b", "gone"];
  const db = { controlPlaneInstance: { findMany: ({ where }: { where: { id: { not: string } } }) => Promise.resolve(live.filter((id) => id !== where.id.not).map((id) => ({ id }))) } } as unknown as Db;
  return { a: new ClusterStackRuns(bus("a"), db, 20_000), b: new ClusterStackRuns(bus("b"), db, 20_000) };
}

describe("stack runs across instances", () => {
  it("B's cancel aborts the run A holds; a run nobody holds is reported as such", async () => {
    const { a, b } = twoInstances();
    const run = a.claim("s1", "h1", "shop");
    run.attach("op-1");
    expect(b.cancelHere("op-1")).toBe(false);
    expect(await b.cancel("op-1")).toBe(true);
    expect(run.signal.aborted).toBe(true);
    run.release();
    expect(await b.cancel("op-1")).toBe(false);
    expect(await a.cancel("op-2")).toBe(false);
  });
});
