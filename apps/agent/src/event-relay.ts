import type { Engine, RawEngineEvent } from "@dockmaster/docker";
import { gapAttributes, RELAY_EVENT_TYPE, RESYNC_ACTION } from "@dockmaster/protocol";
import type { AgentLog } from "./log";
import { DEFAULT_OUTBOX_LIMITS, EventOutbox, type BatchSender, type OutboxLimits } from "./events/event-outbox";
import { ReplayGuard, type GapReport, type SubscribeCause } from "./events/replay-guard";
import { fitForWire } from "./events/wire-size";
import { RetryBackoff } from "./events/retry-backoff";

export interface RelayOptions extends OutboxLimits {
  /** Wait between two subscriptions after the stream broke; doubled after each attempt that fails to open, up to `resubscribeMaxDelayMs`. */
  resubscribeDelayMs: number;
  resubscribeMaxDelayMs: number;
  /** A resumed subscription that replays nothing within this time lost its resume point. */
  replayGraceMs: number;
}

const DEFAULTS: RelayOptions = { ...DEFAULT_OUTBOX_LIMITS, resubscribeDelayMs: 1_000, resubscribeMaxDelayMs: 30_000, replayGraceMs: 1_500 };

/** What a gap marker says about the window it stands for (see resync-gap.ts in the protocol). */
interface GapWindow {
  fromTimeNano?: string | null;
  toTimeNano?: string;
  lost?: number | null;
}

/** Where the server's event log for this host stands (from its welcome). */
export interface StoredPosition {
  lastEventSeq: number;
  lastEventTimeNano: string | null;
}

/**
 * The host's engine events, lossless: drains the engine's /events fast (dockerd skips a
 * subscriber that lags 100 ms) into a bounded outbox that stamps a per-host `seq` and delivers in
 * order, acknowledged by the server. Resubscribes with a full-precision `since` after a broken
 * stream, and a restarted agent resumes from the server's last stored event; replayed duplicates
 * are dropped. Where events may have been lost, a `dockmaster/resync` marker takes the next seq
 * and the gap listeners run (the state sync then re-reads the whole host).
 */
export class EventRelay {
  private readonly options: RelayOptions;
  private readonly guard = new ReplayGuard();
  private readonly outbox: EventOutbox;
  private readonly eventListeners = new Set<(event: RawEngineEvent) => void>();
  private readonly gapListeners = new Set<(reason: string) => void>();
  private positioned = false;
  private onPositioned: () => void = () => undefined;
  private readonly position = new Promise<void>((resolve) => (this.onPositioned = resolve));
  private readonly backoff: RetryBackoff;
  /** Engine time of the newest event relayed (or stored by the server): where a gap starts. */
  private lastRelayedNano: string | null = null;
  /** A gap found while the engine stays unreachable: recorded once, when the stream opens again. */
  private deferredGap: GapReport | null = null;

  constructor(
    private readonly engine: Engine,
    private readonly log: AgentLog,
    options: Partial<RelayOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.backoff = new RetryBackoff({ firstMs: this.options.resubscribeDelayMs, maxMs: this.options.resubscribeMaxDelayMs });
    this.outbox = new EventOutbox(this.options, (dropped, window) => {
      this.log.warn("event buffer overran; events were dropped", { dropped, capacity: this.options.capacity });
      this.resync({ reason: `the agent's event buffer overran (${dropped} events dropped)`, attributes: { reason: "buffer-overrun", dropped: String(dropped) } }, { fromTimeNano: window.firstTimeNano, toTimeNano: window.lastTimeNano, lost: dropped });
    });
  }

  /** The seq of the newest stamped event (markers included). */
  get lastSeq(): number {
    return this.outbox.lastSeq;
  }

  /**
   * A connection is up and the server says what it has stored. The first one also tells a freshly
   * started relay where to resume the engine's /events (it does not subscribe before).
   */
  connected(stored: StoredPosition, send: BatchSender): void {
    if (!this.positioned) {
      this.positioned = true;
      this.guard.startFrom(stored.lastEventTimeNano);
      this.lastRelayedNano ??= stored.lastEventTimeNano;
      this.onPositioned();
    }
    this.outbox.connected(stored.lastEventSeq, send);
  }

  disconnected(): void {
    this.outbox.disconnected();
  }

  /** Every engine event as it is drained (duplicates excluded), before delivery: the state sync keeps its snapshot current from these. */
  onEngineEvent(listener: (event: RawEngineEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Called when events were lost and cannot be replayed: the host's state must be re-read in full. */
  onGap(listener: (reason: string) => void): () => void {
    this.gapListeners.add(listener);
    return () => this.gapListeners.delete(listener);
  }

  /**
   * Subscribes until aborted (once the server said where to resume), resubscribing after a broken
   * stream — at once-a-second at first, then backing off (doubling, up to 30 s) while the engine
   * cannot be reached; that series is logged at its start, when the wait reaches its longest, and
   * when the stream is back (with the number of failed attempts).
   */
  async run(signal: AbortSignal): Promise<void> {
    await Promise.race([this.position, new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }))]);
    let cause: SubscribeCause = "agent-start";
    while (!signal.aborted) {
      const failure = await this.subscribeOnce(cause, signal);
      cause = "stream-broke";
      if (signal.aborted) break;
      let delayMs = this.options.resubscribeDelayMs;
      if (failure !== null) {
        const attempt = this.backoff.failed();
        delayMs = attempt.delayMs;
        if (attempt.log) this.log.warn("engine events cannot be subscribed; retrying with backoff", { error: failure, attempt: attempt.attempt, nextRetryMs: delayMs });
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delayMs);
        signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
  }

  /** One subscription; resolves with null once a stream that had opened ended, or with why it never opened. */
  private async subscribeOnce(cause: SubscribeCause, signal: AbortSignal): Promise<string | null> {
    const { sinceNano, gap } = this.guard.subscribe(cause);
    // While the engine stays unreachable every attempt would find the same gap: it is recorded once.
    if (gap && this.backoff.failing) this.deferredGap ??= gap;
    else if (gap) this.resync(gap);
    let grace: NodeJS.Timeout | undefined;
    let opened = false;
    const onOpen = () => {
      opened = true;
      const failed = this.backoff.succeeded();
      if (failed > 0) this.log.info("engine events subscribed again", { failedAttempts: failed });
      if (this.deferredGap) this.resync(this.deferredGap);
      this.deferredGap = null;
      if (sinceNano === undefined) return;
      grace = setTimeout(() => {
        const lost = this.guard.replayTimedOut();
        if (lost) this.resync(lost);
      }, this.options.replayGraceMs);
    };
    try {
      for await (const event of this.engine.events({ sinceNano, signal, onOpen })) {
        clearTimeout(grace);
        const admission = this.guard.admit(event.timeNano);
        if (admission.duplicate) continue;
        if (admission.gap) this.resync(admission.gap);
        this.lastRelayedNano = event.timeNano;
        for (const listener of this.eventListeners) listener(event);
        this.outbox.push(fitForWire(event));
      }
    } catch (error) {
      if (!opened) return String(error);
      if (!signal.aborted) this.log.warn("engine event stream broke; resubscribing", { error: String(error) });
    } finally {
      clearTimeout(grace);
    }
    return opened || signal.aborted ? null : "the engine's event stream ended before it opened";
  }

  /**
   * Records a gap: a marker in the event log at this position — with the window in which events
   * are missing and how many, when known (resync-gap.ts) — and a full re-read of the host's state.
   */
  private resync(gap: GapReport, window: GapWindow = {}): void {
    this.log.warn("engine events may have been lost; resyncing", { reason: gap.reason });
    const timeNano = (BigInt(Date.now()) * 1_000_000n).toString();
    const span = gapAttributes({
      afterSeq: this.outbox.lastSeq,
      fromTimeNano: window.fromTimeNano !== undefined ? window.fromTimeNano : (gap.attributes.since ?? this.lastRelayedNano),
      toTimeNano: window.toTimeNano ?? gap.attributes.firstTimeNano ?? timeNano,
      lost: window.lost ?? null,
    });
    this.outbox.pushMarker({ timeNano, type: RELAY_EVENT_TYPE, action: RESYNC_ACTION, actorId: "", actorAttributes: { ...gap.attributes, ...span, detail: gap.reason } });
    for (const listener of this.gapListeners) listener(gap.reason);
  }
}
