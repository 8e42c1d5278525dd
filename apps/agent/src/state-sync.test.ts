import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Engine, RawEngineEvent } from "@dockmaster/docker";
import type { HostStateDeltaInput, VolumeSummary } from "@dockmaster/protocol";
import type { AgentLog } from "./log";
import { StateSync } from "./state-sync";

const quiet: AgentLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** An engine whose volumes the test changes; it counts the volume lists (each is a `system df`). */
function fakeEngine() {
  const volumes = new Map<string, VolumeSummary>();
  const counts = { listVolumes: 0, listContainers: 0 };
  const volume = (name: string) => ({ name, driver: "local", mountpoint: `/v/${name}`, scope: "local", created: "", labels: {}, options: {}, containers: [], size: 0, anonymous: false }) as VolumeSummary;
  const engine = {
    info: () => Promise.resolve({ name: "fake", containers: 0, images: 0 }),
    listContainers: () => (counts.listContainers++, Promise.resolve([])),
    listImages: () => Promise.resolve([]),
    listNetworks: () => Promise.resolve([]),
    listVolumes: () => (counts.listVolumes++, Promise.resolve([...volumes.values()])),
  } as unknown as Engine;
  return { engine, counts, add: (name: string) => volumes.set(name, volume(name)), remove: (name: string) => volumes.delete(name) };
}

function harness() {
  const fake = fakeEngine();
  let emit: (event: RawEngineEvent) => void = () => undefined;
  const relay = { onEngineEvent: (listener: (event: RawEngineEvent) => void) => (emit = listener), onGap: () => undefined };
  const sync = new StateSync(fake.engine, relay, quiet, 150);
  const deltas: HostStateDeltaInput[] = [];
  sync.connected({ full: () => Promise.resolve(true), delta: (delta) => (deltas.push(delta), Promise.resolve(true)) });
  const event = (type: string, action: string, actorId: string) => emit({ timeNano: "1", type, action, actorId, actorAttributes: {} });
  return { fake, sync, deltas, event };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("StateSync volume bursts", () => {
  it("a burst of volume events spread over a second is listed once, after it, with the final volumes", async () => {
    const { fake, sync, deltas, event } = harness();
    await vi.advanceTimersByTimeAsync(0);
    await sync.settled();
    const before = fake.counts.listVolumes; // the full state on connect
    for (let i = 0; i < 40; i++) {
      fake.add(`v${i}`);
      event("volume", "create", `v${i}`);
      if (i % 2 === 1) {
        fake.remove(`v${i - 1}`);
        event("volume", "destroy", `v${i - 1}`);
      }
      await vi.advanceTimersByTimeAsync(25); // 40 × 25 ms: a second of events, never 150 ms apart
    }
    expect(fake.counts.listVolumes - before).toBe(0);
    await vi.advanceTimersByTimeAsync(200);
    await sync.settled();
    expect(fake.counts.listVolumes - before).toBe(1);
    const listed = deltas.filter((d) => d.volumes);
    expect(listed).toHaveLength(1);
    expect(listed[0]!.volumes!.map((v) => v.name)).toEqual(Array.from({ length: 20 }, (_, k) => `v${2 * k + 1}`));
  });

  it("a steady stream of volume events still refreshes the list every 2 s, and container changes are not held back", async () => {
    const { fake, sync, deltas, event } = harness();
    await vi.advanceTimersByTimeAsync(0);
    await sync.settled();
    const before = fake.counts.listVolumes;
    for (let i = 0; i < 50; i++) {
      fake.add(`s${i}`);
      event("volume", "create", `s${i}`);
      if (i === 5) event("container", "start", "c1");
      await vi.advanceTimersByTimeAsync(100);
    }
    // 5 s of events: a list at about 2 s and 4 s, not one per 150 ms window (~33).
    expect(fake.counts.listVolumes - before).toBe(2);
    const containerDelta = deltas.findIndex((d) => d.upsert || d.remove);
    expect(containerDelta).toBe(0); // sent in its own window, before any volume list
    await vi.advanceTimersByTimeAsync(300);
    await sync.settled();
    expect(deltas.at(-1)!.volumes!.map((v) => v.name)).toHaveLength(50);
  });
});

describe("StateSync after container prune", () => {
  it("never sends an empty container id: the prune event itself has none, the destroy events name each container", async () => {
    const { sync, deltas, event } = harness();
    await vi.advanceTimersByTimeAsync(0);
    await sync.settled();
    event("container", "destroy", "c1");
    event("container", "destroy", "c2");
    event("container", "prune", ""); // what dockerd emits for `docker container prune`
    await vi.advanceTimersByTimeAsync(200);
    await sync.settled();
    expect(deltas).toHaveLength(1);
    expect(deltas[0]!.remove).toEqual(["c1", "c2"]);
  });
});
