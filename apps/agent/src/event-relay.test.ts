import { afterEach, describe, expect, it } from "vitest";
import type { Engine, EngineEventsOptions, RawEngineEvent } from "@dockmaster/docker";
import { resyncGapOf, type EngineEvent } from "@dockmaster/protocol";
import { EventRelay, type RelayOptions } from "./event-relay";
import { fitForWire } from "./events/wire-size";
import type { AgentLog } from "./log";

const quiet: AgentLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * dockerd's /events as moby implements it: a ring of the last 256 events replayed from an
 * inclusive `since`, then live events; a restart empties the ring and breaks every stream.
 */
class FakeDockerd {
  private ring: RawEngineEvent[] = [];
  private clock = 1_800_000_000_000_000_000n;
  private readonly streams = new Set<{ push(e: RawEngineEvent): void; fail(e: Error): void }>();
  readonly subscriptions: Array<string | undefined> = [];
  /** Set: every subscription fails before it opens (connection refused). */
  unreachable = false;

  emit(n = 1, actorId = "c1"): RawEngineEvent[] {
    const out: RawEngineEvent[] = [];
    for (let i = 0; i < n; i++) {
      this.clock += 1_000n + BigInt(i % 7);
      const event: RawEngineEvent = { timeNano: this.clock.toString(), type: "container", action: "start", actorId, actorAttributes: { name: `n-${this.clock}` } };
      this.ring.push(event);
      if (this.ring.length > 256) this.ring.shift();
      for (const s of this.streams) s.push(event);
      out.push(event);
    }
    return out;
  }

  breakStreams(): void {
    for (const s of this.streams) s.fail(new Error("the engine closed its event stream"));
    this.streams.clear();
  }

  restart(): void {
    this.ring = [];
    this.breakStreams();
  }

  engine(): Engine {
    return { events: (options: EngineEventsOptions) => this.subscribe(options) } as unknown as Engine;
  }

  private async *subscribe(options: EngineEventsOptions): AsyncGenerator<RawEngineEvent> {
    this.subscriptions.push(options.sinceNano);
    if (this.unreachable) throw new Error("connect ECONNREFUSED");
    const queue: RawEngineEvent[] = options.sinceNano === undefined ? [] : this.ring.filter((e) => BigInt(e.timeNano) >= BigInt(options.sinceNano!));
    let failure: Error | null = null;
    let wake: () => void = () => undefined;
    const stream = { push: (e: RawEngineEvent) => (queue.push(e), wake()), fail: (e: Error) => ((failure = e), wake()) };
    this.streams.add(stream);
    options.signal.addEventListener("abort", () => wake());
    options.onOpen?.();
    try {
      while (!options.signal.aborted) {
        if (queue.length > 0) yield queue.shift()!;
        else if (failure) throw failure;
        else await new Promise<void>((r) => (wake = r));
      }
    } finally {
      this.streams.delete(stream);
    }
  }
}

/** The server side of the protocol as event-writer.ts implements it: idempotent, refuses holes. */
class FakeServer {
  readonly stored: EngineEvent[] = [];
  readonly batchSizes: number[] = [];
  inFlight = 0;
  maxInFlight = 0;
  refuseNext = 0;
  ackDelayMs = 2;

  get position() {
    const real = this.stored.filter((e) => e.type !== "dockmaster");
    return { lastEventSeq: this.stored.at(-1)?.seq ?? 0, lastEventTimeNano: real.at(-1)?.timeNano ?? null };
  }

  sender(connection: { open: boolean }) {
    return async (events: EngineEvent[]): Promise<number | null> => {
      this.inFlight += 1;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      this.batchSizes.push(events.length);
      await sleep(this.ackDelayMs);
      this.inFlight -= 1;
      if (!connection.open) return null;
      if (this.refuseNext > 0) {
        this.refuseNext -= 1;
        return null;
      }
      const last = this.position.lastEventSeq;
      const fresh = events.filter((e) => e.seq > last);
      if (fresh.length > 0 && fresh[0]!.seq !== last + 1) return null;
      this.stored.push(...fresh);
      return this.position.lastEventSeq;
    };
  }

  /** Seqs are 1..n without holes or repeats. */
  expectContinuous(): void {
    expect(this.stored.map((e) => e.seq)).toEqual(this.stored.map((_, i) => i + 1));
  }

  engineEvents(): string[] {
    return this.stored.filter((e) => e.type !== "dockmaster").map((e) => e.timeNano);
  }

  markers(): EngineEvent[] {
    return this.stored.filter((e) => e.type === "dockmaster");
  }
}

const FAST: Partial<RelayOptions> = { retryMs: 20, resubscribeDelayMs: 5, replayGraceMs: 60 };
const runs: AbortController[] = [];
afterEach(() => runs.splice(0).forEach((r) => r.abort()));

function startRelay(dockerd: FakeDockerd, options: Partial<RelayOptions> = {}) {
  const relay = new EventRelay(dockerd.engine(), quiet, { ...FAST, ...options });
  const gaps: string[] = [];
  const seen: RawEngineEvent[] = [];
  relay.onGap((reason) => gaps.push(reason));
  relay.onEngineEvent((e) => seen.push(e));
  const stop = new AbortController();
  runs.push(stop);
  void relay.run(stop.signal);
  return { relay, gaps, seen, stop };
}

function connectTo(relay: EventRelay, server: FakeServer) {
  const connection = { open: true };
  relay.connected(server.position, server.sender(connection));
  return {
    drop() {
      connection.open = false;
      relay.disconnected();
    },
  };
}

const until = async (probe: () => boolean, what: string) => {
  for (let i = 0; i < 400 && !probe(); i++) await sleep(5);
  if (!probe()) throw new Error(`timed out waiting for ${what}`);
};

describe("EventRelay", () => {
  it("stamps consecutive seqs and delivers a burst in order, in batches, with a bounded window", async () => {
    const dockerd = new FakeDockerd();
    const server = new FakeServer();
    const { relay } = startRelay(dockerd, { window: 3, maxBatchEvents: 50 });
    connectTo(relay, server);
    await until(() => dockerd.subscriptions.length === 1, "subscribed");
    expect(dockerd.subscriptions[0]).toBeUndefined(); // nothing stored yet: from now on
    const sent = dockerd.emit(600);
    await until(() => server.stored.length === 600, "all stored");
    server.expectContinuous();
    expect(server.engineEvents()).toEqual(sent.map((e) => e.timeNano));
    expect(server.maxInFlight).toBeLessThanOrEqual(3);
    expect(Math.max(...server.batchSizes)).toBe(50); // a burst travels in full batches
    expect(server.markers()).toEqual([]);
  });

  it("keeps buffering while disconnected and resends what was not acknowledged, without duplicates", async () => {
    const dockerd = new FakeDockerd();
    const server = new FakeServer();
    server.ackDelayMs = 15;
    const { relay } = startRelay(dockerd, { window: 2, maxBatchEvents: 10 });
    const first = connectTo(relay, server);
    await until(() => dockerd.subscriptions.length === 1, "subscribed");
    dockerd.emit(100);
    await sleep(20);
    first.drop(); // batches in flight are lost
    dockerd.emit(100);
    await sleep(30);
    expect(server.stored.length).toBeLessThan(200);
    connectTo(relay, server);
    await until(() => server.stored.length === 200, "all stored after reconnect");
    server.expectContinuous();
    expect(new Set(server.engineEvents()).size).toBe(200);
  });

  it("resends from the last acknowledged event after a refused batch", async () => {
    const dockerd = new FakeDockerd();
    const server = new FakeServer();
    server.refuseNext = 2;
    const { relay } = startRelay(dockerd);
    connectTo(relay, server);
    await until(() => dockerd.subscriptions.length === 1, "subscribed");
    dockerd.emit(30);
    await until(() => server.stored.length === 30, "stored despite refusals");
    server.expectContinuous();
  });

  it("a restarted agent resumes from the server's last stored event with a full-precision since, dropping replayed duplicates", async () => {
    const dockerd = new FakeDockerd();
    const server = new FakeServer();
    const a = startRelay(dockerd);
    connectTo(a.relay, server);
    await until(() => dockerd.subscriptions.length === 1, "subscribed");
    dockerd.emit(40);
    await until(() => server.stored.length === 40, "first agent stored");
    a.stop.abort(); // killed: its buffer is gone
    dockerd.emit(25); // while no agent runs
    const b = startRelay(dockerd);
    await sleep(20);
    expect(dockerd.subscriptions.length).toBe(1); // waits for the server's position before subscribing
    connectTo(b.relay, server);
    await until(() => server.stored.length === 65, "the missed events");
    expect(dockerd.subscriptions[1]).toBe(server.stored[39]!.timeNano);
    dockerd.emit(5);
    await until(() => server.stored.length === 70, "live again");
    server.expectContinuous();
    expect(new Set(server.engineEvents()).size).toBe(70);
    expect(b.gaps).toEqual([]);
    expect(b.seen.length).toBe(30); // the listeners saw no duplicate either
  });

  it("records a resync marker at the gap when more than the engine's 256 events passed while the agent was down", async () => {
    const dockerd = new FakeDockerd();
    const server = new FakeServer();
    const a = startRelay(dockerd);
    connectTo(a.relay, server);
    await until(() => dockerd.subscriptions.length === 1, "subscribed");
    dockerd.emit(10);
    await until(() => server.stored.length === 10, "stored");
    a.stop.abort();
    const missed = dockerd.emit(300); // the ring keeps the last 256 of them
    const b = startRelay(dockerd);
    connectTo(b.relay, server);
    await until(() => server.stored.length === 10 + 1 + 256, "the replay");
    server.expectContinuous();
    const marker = server.stored[10]!;
    expect(marker).toMatchObject({ seq: 11, type: "dockmaster", action: "resync", actorAttributes: { reason: "events-lost", cause: "agent-start", firstTimeNano: missed[44]!.timeNano } });
    // The gap's window: after seq 10, between the last stored event and the first one the engine still had; how many were lost it cannot say.
    expect(resyncGapOf(marker)).toMatchObject({ afterSeq: 10, fromTimeNano: server.stored[9]!.timeNano, toTimeNano: missed[44]!.timeNano, lost: null });
    expect(server.stored[11]!.timeNano).toBe(missed[44]!.timeNano);
    expect(b.gaps).toHaveLength(1);
    expect(b.gaps[0]).toMatch(/256 events/);
  });

  it("resumes a broken stream without a marker when the engine still holds the events", async () => {
    const dockerd = new FakeDockerd();
    const server = new FakeServer();
    const { relay, gaps } = startRelay(dockerd);
    connectTo(relay, server);
    await until(() => dockerd.subscriptions.length === 1, "subscribed");
    dockerd.emit(20);
    await until(() => server.stored.length === 20, "stored");
    dockerd.breakStreams();
    dockerd.emit(15); // while resubscribing
    await until(() => server.stored.length === 35, "resumed");
    await sleep(100); // past the replay grace
    expect(dockerd.subscriptions[1]).toBe(server.stored[19]!.timeNano);
    expect(gaps).toEqual([]);
    server.expectContinuous();
    expect(server.markers()).toEqual([]);
  });

  it("marks a gap when the engine restarted: at once if it replays nothing, before its first new event otherwise", async () => {
    const dockerd = new FakeDockerd();
    const server = new FakeServer();
    const { relay, gaps } = startRelay(dockerd);
    connectTo(relay, server);
    await until(() => dockerd.subscriptions.length === 1, "subscribed");
    dockerd.emit(5);
    await until(() => server.stored.length === 5, "stored");
    dockerd.restart(); // empty ring: the replay brings nothing
    await until(() => server.stored.length === 6, "the marker after the replay grace");
    expect(server.stored[5]).toMatchObject({ type: "dockmaster", action: "resync", actorAttributes: { cause: "stream-broke" } });
    expect(gaps).toHaveLength(1);
    dockerd.emit(3);
    await until(() => server.stored.length === 9, "events after the restart");

    dockerd.restart();
    dockerd.emit(2); // events in the new ring before the agent resubscribed
    await until(() => server.stored.length === 12, "marker and the two");
    expect(server.stored[9]).toMatchObject({ type: "dockmaster", actorAttributes: { cause: "stream-broke" } });
    expect(gaps).toHaveLength(2);
    server.expectContinuous();
  });

  it("drops events when its buffer overruns and records a marker with the count once it drained", async () => {
    const dockerd = new FakeDockerd();
    const server = new FakeServer();
    const { relay, gaps, seen } = startRelay(dockerd, { capacity: 50 });
    const first = connectTo(relay, server);
    await until(() => dockerd.subscriptions.length === 1, "subscribed");
    first.drop();
    const emitted = dockerd.emit(80); // 50 fit, 30 are dropped
    await sleep(10);
    expect(seen.length).toBe(80); // the state sync still saw every event
    connectTo(relay, server);
    await until(() => server.markers().length === 1, "the overrun marker");
    dockerd.emit(5);
    await until(() => server.stored.length === 56, "the rest");
    server.expectContinuous();
    expect(server.stored[50]).toMatchObject({ seq: 51, type: "dockmaster", actorAttributes: { reason: "buffer-overrun", dropped: "30" } });
    expect(resyncGapOf(server.stored[50]!)).toMatchObject({ afterSeq: 50, fromTimeNano: emitted[50]!.timeNano, toTimeNano: emitted[79]!.timeNano, lost: 30 });
    expect(gaps).toEqual([expect.stringMatching(/overran \(30 events dropped\)/)]);
  });

  it("numbers on after the server's last seq, and marks a gap when the engine no longer holds the stored resume point", async () => {
    const dockerd = new FakeDockerd();
    const server = new FakeServer();
    server.stored.push(...Array.from({ length: 7 }, (_, i): EngineEvent => ({ seq: i + 1, timeNano: `${1_700_000_000_000_000_000n + BigInt(i)}`, type: "container", action: "die", actorId: "x", actorAttributes: {} })));
    const { relay } = startRelay(dockerd);
    connectTo(relay, server);
    await until(() => dockerd.subscriptions.length === 1, "subscribed");
    dockerd.emit(3);
    await until(() => server.stored.length === 11, "stored");
    server.expectContinuous();
    expect(server.stored[7]).toMatchObject({ seq: 8, type: "dockmaster", actorAttributes: { cause: "agent-start" } });
    expect(relay.lastSeq).toBe(11);
  });
});

describe("EventRelay with an unreachable engine", () => {
  it("backs off (doubling, capped), logs the series once with a count, and records one gap for the whole outage", async () => {
    const dockerd = new FakeDockerd();
    const server = new FakeServer();
    const lines: Array<{ level: string; message: string; fields: Record<string, unknown> }> = [];
    const log: AgentLog = {
      info: (message, fields = {}) => lines.push({ level: "info", message, fields }),
      warn: (message, fields = {}) => lines.push({ level: "warn", message, fields }),
      error: (message, fields = {}) => lines.push({ level: "error", message, fields }),
    };
    const relay = new EventRelay(dockerd.engine(), log, { ...FAST, resubscribeDelayMs: 10, resubscribeMaxDelayMs: 80 });
    const gaps: string[] = [];
    relay.onGap((reason) => gaps.push(reason));
    const stop = new AbortController();
    runs.push(stop);
    void relay.run(stop.signal);
    connectTo(relay, server);
    await until(() => dockerd.subscriptions.length === 1, "subscribed");
    dockerd.emit(3);
    await until(() => server.stored.length === 3, "stored");
    dockerd.unreachable = true;
    dockerd.restart(); // the stream breaks, and every new subscription is refused
    await sleep(600);
    // 10, 20, 40, 80, 80, … ms: about 9 attempts in 600 ms, not 60 as at a fixed 10 ms.
    expect(dockerd.subscriptions.length - 1).toBeGreaterThanOrEqual(5);
    expect(dockerd.subscriptions.length - 1).toBeLessThanOrEqual(12);
    const series = lines.filter((l) => l.message === "engine events cannot be subscribed; retrying with backoff");
    expect(series.map((l) => l.fields.attempt)).toEqual([1, 4]); // its start, and when the wait reached 80 ms
    expect(lines.filter((l) => l.message === "engine event stream broke; resubscribing")).toHaveLength(1);
    expect(gaps).toHaveLength(0); // the gap of the outage is recorded once the engine answers again
    dockerd.unreachable = false;
    await until(() => lines.some((l) => l.message === "engine events subscribed again"), "back");
    const back = lines.find((l) => l.message === "engine events subscribed again")!;
    expect(back.fields.failedAttempts).toBe(dockerd.subscriptions.length - 2);
    await until(() => server.markers().length === 1, "one marker for the outage");
    await sleep(200);
    expect(server.markers()).toHaveLength(1);
    expect(gaps).toHaveLength(1);
    expect(resyncGapOf(server.markers()[0]!)).toMatchObject({ afterSeq: 3, fromTimeNano: server.stored[2]!.timeNano, lost: null });
  });
});

describe("fitForWire", () => {
  it("cuts what the server would refuse instead of resending it forever", () => {
    const base: RawEngineEvent = { timeNano: "1", type: "container", action: "exec_start: " + "x".repeat(5_000), actorId: "c", actorAttributes: { name: "web", big: "y".repeat(20_000) } };
    const fitted = fitForWire(base);
    expect(fitted.action.length).toBe(4_096);
    expect(fitted.actorAttributes).toMatchObject({ name: "web", "dockmaster.truncated": "true" });
    expect(fitted.actorAttributes.big!.length).toBe(16_384);
    const many = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`label${i}`, "z".repeat(10_000)]));
    expect(fitForWire({ ...base, actorAttributes: { ...many, name: "web", image: "busybox" } }).actorAttributes).toEqual({ "dockmaster.truncated": "true", name: "web", image: "busybox" });
    const small: RawEngineEvent = { ...base, action: "start", actorAttributes: { name: "web" } };
    expect(fitForWire(small)).toBe(small);
  });
});
