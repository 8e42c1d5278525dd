import type { EngineEvent } from "@dockmaster/protocol";
import type { RawEngineEvent } from "@dockmaster/docker";

/** Sends one batch; resolves with the seq the server acknowledged as stored, or null (refused, timed out, disconnected). */
export type BatchSender = (events: EngineEvent[]) => Promise<number | null>;

export interface OutboxLimits {
  /** Stamped events kept until acknowledged; beyond this, events are dropped and a gap is recorded. */
  capacity: number;
  /** Batches in flight at once. */
  window: number;
  maxBatchEvents: number;
  /** Serialized size of a batch (socket.io refuses messages over 1 MB). */
  maxBatchChars: number;
  /** Pause before resending after a refused or lost batch. */
  retryMs: number;
}

export const DEFAULT_OUTBOX_LIMITS: OutboxLimits = { capacity: 20_000, window: 32, maxBatchEvents: 250, maxBatchChars: 256_000, retryMs: 1_000 };

interface Pending {
  event: EngineEvent;
  chars: number;
}

/**
 * The agent's bounded buffer of stamped events and their in-order delivery: a per-host monotonic
 * `seq`, batches with a small window in flight, each acknowledged up to a seq once stored; after a
 * refusal or a reconnect, everything unacknowledged is sent again (the server ignores seqs it has).
 * When the buffer is full, further events are counted and dropped; once it has drained to half,
 * `onOverrun(dropped)` stamps the marker that records the gap (events are never silently lost).
 */
export class EventOutbox {
  private readonly pending: Pending[] = [];
  private seq = 0;
  private acked = 0;
  private sentUpTo = 0;
  private inFlight = 0;
  /** Bumped whenever in-flight batches stop counting (disconnect, refusal). */
  private generation = 0;
  private sender: BatchSender | null = null;
  private dropped = 0;
  /** Engine times of the first and last dropped event: the gap's window. */
  private droppedTimes: { first: string | null; last: string | null } = { first: null, last: null };
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly limits: OutboxLimits,
    private readonly onOverrun: (dropped: number, window: { firstTimeNano: string; lastTimeNano: string }) => void,
  ) {}

  /** The seq of the newest stamped event. */
  get lastSeq(): number {
    return this.seq;
  }

  /** Events stamped but not yet acknowledged. */
  get unacknowledged(): number {
    return this.pending.length;
  }

  /** A connection is up; the server has stored this host's events up to `storedSeq`. */
  connected(storedSeq: number, send: BatchSender): void {
    this.halt();
    if (storedSeq > this.seq) {
      // The server is ahead of us (a restarted agent): number on after what it has.
      let next = storedSeq;
      for (const p of this.pending) p.event = { ...p.event, seq: ++next };
      this.seq = next;
    } else {
      this.settleTo(storedSeq);
    }
    this.acked = Math.max(this.acked, storedSeq);
    this.sentUpTo = this.acked;
    this.sender = send;
    this.pump();
  }

  disconnected(): void {
    this.halt();
    this.sender = null;
  }

  /** Stamps the next seq on an event and sends it as soon as the window allows. */
  push(raw: RawEngineEvent): void {
    if (this.dropped > 0 || this.pending.length >= this.limits.capacity) {
      this.dropped += 1;
      this.droppedTimes.first ??= raw.timeNano;
      this.droppedTimes.last = raw.timeNano;
      return;
    }
    this.stamp(raw);
    this.pump();
  }

  /** Stamps an event even over capacity (the gap markers themselves must never be dropped). */
  private stamp(raw: RawEngineEvent): void {
    const event: EngineEvent = { ...raw, seq: ++this.seq };
    this.pending.push({ event, chars: JSON.stringify(event).length });
  }

  /** Stamps a marker at the current position, over capacity if need be, and sends it. */
  pushMarker(raw: RawEngineEvent): void {
    this.stamp(raw);
    this.pump();
  }

  private halt(): void {
    this.generation += 1;
    this.inFlight = 0;
    this.sentUpTo = this.acked;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
  }

  private settleTo(seq: number): void {
    let n = 0;
    while (n < this.pending.length && this.pending[n]!.event.seq <= seq) n += 1;
    if (n > 0) this.pending.splice(0, n);
  }

  private pump(): void {
    const send = this.sender;
    while (send && this.inFlight < this.limits.window && this.pending.length > 0) {
      const start = this.sentUpTo - this.pending[0]!.event.seq + 1;
      if (start >= this.pending.length) return;
      const batch: EngineEvent[] = [];
      let chars = 0;
      for (let i = Math.max(0, start); i < this.pending.length && batch.length < this.limits.maxBatchEvents; i++) {
        const p = this.pending[i]!;
        if (batch.length > 0 && chars + p.chars > this.limits.maxBatchChars) break;
        batch.push(p.event);
        chars += p.chars;
      }
      this.sentUpTo = batch[batch.length - 1]!.seq;
      this.inFlight += 1;
      const generation = this.generation;
      send(batch).then(
        (seq) => this.settle(generation, seq),
        () => this.settle(generation, null),
      );
    }
  }

  private settle(generation: number, seq: number | null): void {
    if (seq !== null && seq > this.acked) {
      // An acknowledgement is true whenever it arrives: everything up to `seq` is stored.
      this.acked = seq;
      this.settleTo(seq);
    }
    if (generation !== this.generation) return;
    if (seq === null) {
      this.halt();
      this.retry = setTimeout(() => {
        this.retry = null;
        this.pump();
      }, this.limits.retryMs);
      return;
    }
    this.inFlight -= 1;
    if (this.dropped > 0 && this.pending.length <= this.limits.capacity / 2) {
      const dropped = this.dropped;
      const times = this.droppedTimes;
      this.dropped = 0;
      this.droppedTimes = { first: null, last: null };
      this.onOverrun(dropped, { firstTimeNano: times.first!, lastTimeNano: times.last! });
    }
    this.pump();
  }
}
