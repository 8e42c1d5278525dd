import type { Db, SqliteConnection } from "@dockmaster/db";
import { RELAY_EVENT_TYPE, type EngineEvent } from "@dockmaster/protocol";
import { storeEvents, toEventRow, type EventRow, type Position } from "./event-store";
import type { Logger } from "./logger";

/** Stored: the host's events are in the database up to `seq`. Refused: nothing of the batch was stored. */
export type WriteResult = { ok: true; seq: number } | { ok: false; error: string };

interface Queued {
  hostId: string;
  events: EngineEvent[];
  done(result: WriteResult): void;
}

export interface EventWriterOptions {
  /** A flush waits at most this long for more events… */
  flushMs: number;
  /** …or until this many are queued. */
  flushEvents: number;
}

/**
 * One store's cap, so a backlog is taken in slices. On SQLite a store holds the database's write
 * lock (on the writer thread, or on the event loop without one), and the main thread's own writes
 * (an audit record, a host's status) wait for it on the event loop: at 50-70 µs per event on a large
 * database, 250 events keep that wait under ~20 ms. PostgreSQL takes more per store (each store is
 * a round trip or two, and at 5,000 events/s smaller ones fell behind).
 */
const MAX_STORE_EVENTS = { sqlite: 250, postgresql: 2_000 };

/**
 * One writer for the engine events of every host: batches from all agents are queued and stored
 * every few milliseconds in one transaction (instead of statements per event). Idempotent on
 * (hostId, seq): seqs a host already has are skipped, so an agent may resend after a reconnect.
 * A batch must continue the host's log without a hole (first new seq = stored + 1), otherwise it is
 * refused and the agent resends from its last acknowledged event. Stores run one at a time, in
 * arrival order, so acknowledgements follow the order of the agent's batches; what arrives while
 * one runs is taken by the next as one transaction (group commit: a store slower than the flush
 * interval makes the next one bigger, not a growing line of small ones — on PostgreSQL at 5,000
 * events/s the line of 20 ms flushes fell behind by 20 s).
 *
 * This is the control plane's hottest write path (one event per second from each of thousands of
 * agents), so it avoids per-event work: each host's position is kept in memory while its agent is
 * connected here (read once, then moved after each commit), and event-store.ts writes a flush with
 * as little overhead as the database allows.
 */
export class EventWriter {
  private queue: Queued[] = [];
  private queuedEvents = 0;
  private timer: NodeJS.Timeout | null = null;
  /** A store is running: flushes wait for it and are taken together when it ends. */
  private storing = false;
  private waiting: Array<() => void> = [];
  private readonly positions = new Map<string, Position>();

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly options: EventWriterOptions = { flushMs: 20, flushEvents: 1_000 },
    /** SQLite: Prisma's connection, for the direct write path (see event-store.ts). */
    private readonly sqliteConnection: () => SqliteConnection | null = () => null,
    /**
     * After a commit: each host's events that this store added (seqs it already had are not
     * repeated), so work that must happen once per event fleet-wide (alerts) happens once.
     */
    private readonly onStored: (hostId: string, events: EngineEvent[]) => void = () => undefined,
  ) {}

  write(hostId: string, events: EngineEvent[]): Promise<WriteResult> {
    return new Promise((done) => {
      this.queue.push({ hostId, events, done });
      this.queuedEvents += events.length;
      if (this.queuedEvents >= this.options.flushEvents) this.flushSoon(0);
      else this.flushSoon(this.options.flushMs);
    });
  }

  /**
   * The host's agent left this instance: the next writer of its events may be another instance,
   * so its position is read from the database again when it comes back.
   */
  forget(hostId: string): void {
    this.positions.delete(hostId);
  }

  /** Stores whatever is queued now (and waits for it). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.drain();
    });
  }

  /** Starts a store of what is queued (at most MAX_STORE_EVENTS), unless one is running: it drains again when it ends. */
  private drain(): void {
    if (this.storing) return;
    const cap = this.sqliteConnection() ? MAX_STORE_EVENTS.sqlite : MAX_STORE_EVENTS.postgresql;
    let take = 0;
    let events = 0;
    while (take < this.queue.length && (take === 0 || events + this.queue[take]!.events.length <= cap)) events += this.queue[take++]!.events.length;
    const batch = this.queue.splice(0, take);
    this.queuedEvents -= events;
    const waiting = this.queue.length === 0 ? this.waiting.splice(0) : [];
    this.storing = true;
    void this.store(batch).finally(() => {
      this.storing = false;
      for (const resolve of waiting) resolve();
      if (this.queue.length > 0 || this.waiting.length > 0) {
        if (this.timer) clearTimeout(this.timer);
        this.timer = null;
        this.drain();
      }
    });
  }

  private flushSoon(delayMs: number): void {
    if (this.timer && delayMs > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), delayMs);
  }

  private async store(batches: Queued[]): Promise<void> {
    if (batches.length === 0) return;
    const hostIds = [...new Set(batches.map((b) => b.hostId))];
    try {
      await this.loadPositions(hostIds);
      const stored = new Map(hostIds.map((id) => [id, this.positions.get(id)]));
      const moved = new Map<string, Position>();
      const rows: EventRow[] = [];
      const added: Array<[string, EngineEvent[]]> = [];
      const results = new Map<Queued, WriteResult>();
      for (const batch of batches) {
        const host = moved.get(batch.hostId) ?? stored.get(batch.hostId);
        if (!host) {
          results.set(batch, { ok: false, error: "unknown host" });
          continue;
        }
        const fresh = batch.events.filter((e) => e.seq > host.seq);
        if (fresh.length > 0 && fresh[0]!.seq !== host.seq + 1) {
          // Our position may be stale (another instance stored events meanwhile): read it again next time.
          this.positions.delete(batch.hostId);
          results.set(batch, { ok: false, error: `seq gap: the next event of this host must have seq ${host.seq + 1}, got ${fresh[0]!.seq}` });
          continue;
        }
        if (fresh.length > 0) added.push([batch.hostId, fresh]);
        let timeNano = host.timeNano;
        for (const e of fresh) {
          rows.push(toEventRow(batch.hostId, e));
          if (e.type !== RELAY_EVENT_TYPE) timeNano = e.timeNano; // markers are no resume point
        }
        const seq = fresh.length > 0 ? fresh[fresh.length - 1]!.seq : host.seq;
        if (fresh.length > 0) moved.set(batch.hostId, { seq, timeNano });
        results.set(batch, { ok: true, seq });
      }
      if (rows.length > 0) {
        await storeEvents(this.db, this.sqliteConnection(), rows, moved);
        for (const [id, position] of moved) this.positions.set(id, position);
        for (const [id, events] of added) this.onStored(id, events);
      }
      for (const batch of batches) batch.done(results.get(batch)!);
    } catch (error) {
      for (const id of hostIds) this.positions.delete(id);
      this.log.error("engine events not stored", { batches: batches.length, error: String(error) });
      for (const batch of batches) batch.done({ ok: false, error: "events not stored" });
    }
  }

  /** Reads the stored positions of hosts this writer has not seen since their agent connected here. */
  private async loadPositions(hostIds: string[]): Promise<void> {
    const unknown = hostIds.filter((id) => !this.positions.has(id));
    if (unknown.length === 0) return;
    const hosts = await this.db.host.findMany({ where: { id: { in: unknown } }, select: { id: true, lastEventSeq: true, lastEventTimeNano: true } });
    for (const h of hosts) this.positions.set(h.id, { seq: h.lastEventSeq, timeNano: h.lastEventTimeNano });
  }
}
