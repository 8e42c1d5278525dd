/**
 * Benchmark: the latency Dockmaster's event relay adds (agent drains /events → engine:events batch
 * → control plane intake → /ui socket in the host's room) over a direct GET /events subscriber on
 * the same engine, in the same run: every engine event is timed at both, and the difference is
 * what the relay adds (goal: p99 ≤ 20 ms). Events come from container create/remove cycles paced
 * like a busy host, plus bursts (several containers at once) to exercise the batching.
 * Writes bench/results/events.json.
 */
import type { EngineEvent } from "@dockmaster/protocol";
import { loadavg } from "node:os";
import { testImage, waitFor } from "../apps/web/test/support";
import { benchPlane, summarize, writeResult } from "./harness";

const CYCLES = Number(process.env.BENCH_EVENT_CYCLES ?? 150);
const BURSTS = Number(process.env.BENCH_EVENT_BURSTS ?? 10);
const BURST_SIZE = 5;
const WARMUP_EVENTS = 10;
const GOAL_P99_MS = 20;

const key = (e: { timeNano: string; type: string; action: string; actorId: string }) => `${e.timeNano}|${e.type}|${e.action}|${e.actorId}`;

const bench = await benchPlane();
const stop = new AbortController();
const direct = new Map<string, number>();
const relayed = new Map<string, number>();
try {
  bench.socket.on("host:event", (p: { hostId: string; event: EngineEvent }) => {
    if (p.hostId === bench.hostId) relayed.set(key(p.event), performance.now());
  });
  const joined = (await bench.socket.emitWithAck("host:subscribe", { hostId: bench.hostId })) as { ok: boolean };
  if (!joined.ok) throw new Error("cannot join the host's room");
  let opened: () => void = () => undefined;
  const open = new Promise<void>((r) => (opened = r));
  void (async () => {
    for await (const event of bench.engine.events({ signal: stop.signal, onOpen: opened })) direct.set(key(event), performance.now());
  })();
  await open;

  const name = (i: number) => `bench-events-${process.pid}-${i}`;
  const cycle = async (i: number) => {
    const { id } = await bench.engine.createContainer({ image: testImage(), name: name(i), cmd: ["true"], labels: { "dockmaster.test": "1" } });
    await bench.engine.removeContainer(id, { force: true });
  };
  for (let i = 0; i < CYCLES; i++) {
    await cycle(i);
    await new Promise((r) => setTimeout(r, 20));
  }
  for (let b = 0; b < BURSTS; b++) {
    await Promise.all(Array.from({ length: BURST_SIZE }, (_, j) => cycle(CYCLES + b * BURST_SIZE + j)));
    await new Promise((r) => setTimeout(r, 100));
  }
  const mine = [...direct.keys()].filter((k) => k.includes("|container|"));
  await waitFor(() => mine.every((k) => relayed.has(k)), "every event relayed", 30_000);

  const ordered = mine.map((k) => ({ k, t: direct.get(k)! })).sort((a, b) => a.t - b.t).slice(WARMUP_EVENTS);
  const added = ordered.map(({ k, t }) => relayed.get(k)! - t);
  const summary = summarize(added);
  writeResult("events", {
    what: "latency added by the event relay (agent → control plane → /ui socket) over a direct /events subscriber on the same engine",
    events: added.length,
    paced: { cycles: CYCLES, pauseMs: 20 },
    bursts: { count: BURSTS, containersAtOnce: BURST_SIZE },
    addedLatency: summary,
    maxMs: Math.max(...added),
    goal: { p99Ms: GOAL_P99_MS, met: summary.p99Ms <= GOAL_P99_MS },
    // the agent is its own process: on an oversubscribed machine its scheduling delay is the tail
    loadAverage1m: loadavg()[0],
  });
} finally {
  stop.abort();
  await bench.close();
}
