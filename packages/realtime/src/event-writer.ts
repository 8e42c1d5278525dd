import type { Db } from "@dockmaster/db";
import { RELAY_EVENT_TYPE, type EngineEvent } from "@dockmaster/protocol";
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
 * One writer for the engine events of every host: batches from all agents are queued and stored
 * every few milliseconds in one transaction (instead of statements per event). Idempotent on
 * (hostId, seq): seqs a host already has are skipped, so an agent may resend after a reconnect.
 * A batch must continue the host's log without a hole (first new seq = stored + 1), otherwise it is
 * refused and the agent resends from its last acknowledged event. Flushes run one at a time, in
 * arrival order, so acknowledgements follow the order of the agent's batches.
 */
export class EventWriter {
  private queue: Queued[] = [];
  private queuedEvents = 0;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly options: EventWriterOptions = { flushMs: 4, flushEvents: 1_000 },
  ) {}

  write(hostId: string, events: EngineEvent[]): Promise<WriteResult> {
    return new Promise((done) => {
      this.queue.push({ hostId, events, done });
      this.queuedEvents += events.length;
      if (this.queuedEvents >= this.options.flushEvents) this.flushSoon(0);
      else this.flushSoon(this.options.flushMs);
    });
  }

  /** Stores whatever is queued now (and waits for it). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queue;
    this.queue = [];
    this.queuedEvents = 0;
    this.flushing = this.flushing.then(() => this.store(batch));
    return this.flushing;
  }

  private flushSoon(delayMs: number): void {
    if (this.timer && delayMs > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), delayMs);
  }

  private async store(batches: Queued[]): Promise<void> {
    if (batches.length === 0) return;
    try {
      const hostIds = [...new Set(batches.map((b) => b.hostId))];
      const hosts = await this.db.host.findMany({ where: { id: { in: hostIds } }, select: { id: true, lastEventSeq: true, lastEventTimeNano: true } });
      const stored = new Map(hosts.map((h) => [h.id, { seq: h.lastEventSeq, timeNano: h.lastEventTimeNano, changed: false }]));
      const rows: Array<ReturnType<typeof toRow>> = [];
      const results = new Map<Queued, WriteResult>();
      for (const batch of batches) {
        const host = stored.get(batch.hostId);
        if (!host) {
          results.set(batch, { ok: false, error: "unknown host" });
          continue;
        }
        const fresh = batch.events.filter((e) => e.seq > host.seq);
        if (fresh.length > 0 && fresh[0]!.seq !== host.seq + 1) {
          results.set(batch, { ok: false, error: `seq gap: the next event of this host must have seq ${host.seq + 1}, got ${fresh[0]!.seq}` });
          continue;
        }
        for (const e of fresh) {
          rows.push(toRow(batch.hostId, e));
          if (e.type !== RELAY_EVENT_TYPE) host.timeNano = e.timeNano; // markers are no resume point
        }
        if (fresh.length > 0) {
          host.seq = fresh[fresh.length - 1]!.seq;
          host.changed = true;
        }
        results.set(batch, { ok: true, seq: host.seq });
      }
      if (rows.length > 0) {
        const now = new Date();
        const updates = [...stored].filter(([, h]) => h.changed).map(([id, h]) => this.db.host.update({ where: { id }, data: { lastEventSeq: h.seq, lastEventTimeNano: h.timeNano, lastSeenAt: now } }));
        await this.db.$transaction([this.db.engineEvent.createMany({ data: rows }), ...updates]);
      }
      for (const batch of batches) batch.done(results.get(batch)!);
    } catch (error) {
      this.log.error("engine events not stored", { batches: batches.length, error: String(error) });
      for (const batch of batches) batch.done({ ok: false, error: "events not stored" });
    }
  }
}

function toRow(hostId: string, e: EngineEvent) {
  return {
    hostId,
    seq: e.seq,
    timeNano: e.timeNano,
    type: e.type,
    action: e.action,
    actorId: e.actorId,
    actorName: e.actorAttributes.name ?? "",
    // What the image filter of the events history matches: an image event's reference, a container's image.
    image: (e.type === "image" ? e.actorAttributes.name : e.type === "container" ? e.actorAttributes.image : undefined) ?? "",
    attributes: JSON.stringify(e.actorAttributes),
    time: new Date(Number(BigInt(e.timeNano) / 1_000_000n)),
  };
}
