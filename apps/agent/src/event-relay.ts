import type { Engine, RawEngineEvent } from "@dockmaster/docker";
import { RELAY_EVENT_TYPE, RESYNC_ACTION } from "@dockmaster/protocol";
import type { AgentLog } from "./log";
import { DEFAULT_OUTBOX_LIMITS, EventOutbox, type BatchSender, type OutboxLimits } from "./events/event-outbox";
import { ReplayGuard, type GapReport, type SubscribeCause } from "./events/replay-guard";
import { fitForWire } from "./events/wire-size";

export interface RelayOptions extends OutboxLimits {
  /** Wait between two subscriptions after the stream broke. */
  resubscribeDelayMs: number;
  /** A resumed subscription that replays nothing within this time lost its resume point. */
  replayGraceMs: number;
}

const DEFAULTS: RelayOptions = { ...DEFAULT_OUTBOX_LIMITS, resubscribeDelayMs: 1_000, replayGraceMs: 1_500 };

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

  constructor(
    private readonly engine: Engine,
    private readonly log: AgentLog,
    options: Partial<RelayOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.outbox = new EventOutbox(this.options, (dropped) => {
      this.log.warn("event buffer overran; events were dropped", { dropped, capacity: this.options.capacity });
      this.resync({ reason: `the agent's event buffer overran (${dropped} events dropped)`, attributes: { reason: "buffer-overrun", dropped: String(dropped) } });
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

  /** Subscribes until aborted (once the server said where to resume), resubscribing after a broken stream. */
  async run(signal: AbortSignal): Promise<void> {
    await Promise.race([this.position, new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }))]);
    let cause: SubscribeCause = "agent-start";
    while (!signal.aborted) {
      await this.subscribeOnce(cause, signal);
      cause = "stream-broke";
      if (!signal.aborted) await new Promise((r) => setTimeout(r, this.options.resubscribeDelayMs));
    }
  }

  private async subscribeOnce(cause: SubscribeCause, signal: AbortSignal): Promise<void> {
    const { sinceNano, gap } = this.guard.subscribe(cause);
    if (gap) this.resync(gap);
    let grace: NodeJS.Timeout | undefined;
    const onOpen = () => {
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
        for (const listener of this.eventListeners) listener(event);
        this.outbox.push(fitForWire(event));
      }
    } catch (error) {
      if (!signal.aborted) this.log.warn("engine event stream broke; resubscribing", { error: String(error) });
    } finally {
      clearTimeout(grace);
    }
  }

  /** Records a gap: a marker in the event log at this position, and a full re-read of the host's state. */
  private resync(gap: GapReport): void {
    this.log.warn("engine events may have been lost; resyncing", { reason: gap.reason });
    const timeNano = (BigInt(Date.now()) * 1_000_000n).toString();
    this.outbox.pushMarker({ timeNano, type: RELAY_EVENT_TYPE, action: RESYNC_ACTION, actorId: "", actorAttributes: { ...gap.attributes, detail: gap.reason } });
    for (const listener of this.gapListeners) listener(gap.reason);
  }
}
