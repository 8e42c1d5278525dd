import type { Engine, RawEngineEvent } from "@dockmaster/docker";
import type { EngineEvent } from "@dockmaster/protocol";
import type { AgentLog } from "./log";

const MAX_BUFFERED = 10_000;
const RESUBSCRIBE_DELAY_MS = 1_000;

type Sender = (event: EngineEvent) => Promise<boolean>;

/**
 * Drains the engine's /events stream fast (dockerd drops subscribers that lag) into a bounded
 * buffer, stamps each event with the host's next `seq`, and delivers them in order, each
 * acknowledged by the server, whenever a connection is available.
 */
export class EventRelay {
  private readonly buffer: EngineEvent[] = [];
  private seq = 0;
  private sender: Sender | null = null;
  private flushing = false;
  private lastTime: { nano: bigint; keys: Set<string> } = { nano: 0n, keys: new Set() };
  private readonly eventListeners = new Set<(event: RawEngineEvent) => void>();
  private readonly gapListeners = new Set<(reason: string) => void>();

  constructor(
    private readonly engine: Engine,
    private readonly log: AgentLog,
  ) {}

  /** The server's last stored seq for this host: numbering continues after it. */
  connected(lastEventSeq: number, send: Sender): void {
    this.seq = Math.max(this.seq, lastEventSeq);
    this.sender = send;
    void this.flush();
  }

  /** Every engine event as it is drained, before delivery (the state sync keeps its snapshot current from these). */
  onEngineEvent(listener: (event: RawEngineEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Called when events were lost and cannot be replayed: the host's state must be re-read in full. */
  onGap(listener: (reason: string) => void): () => void {
    this.gapListeners.add(listener);
    return () => this.gapListeners.delete(listener);
  }

  private gap(reason: string): void {
    for (const listener of this.gapListeners) listener(reason);
  }

  disconnected(): void {
    this.sender = null;
  }

  /** Subscribes until aborted, resuming with `since` after a broken stream. */
  async run(signal: AbortSignal): Promise<void> {
    let since: number | undefined;
    while (!signal.aborted) {
      try {
        for await (const event of this.engine.events({ since, signal })) {
          if (this.isDuplicate(event.timeNano, `${event.type}/${event.action}/${event.actorId}`)) continue;
          since = Number(BigInt(event.timeNano) / 1_000_000_000n);
          this.enqueue(event);
        }
      } catch (error) {
        if (signal.aborted) return;
        this.log.warn("engine event stream broke; resubscribing", { error: String(error) });
      }
      if (!signal.aborted) await new Promise((r) => setTimeout(r, RESUBSCRIBE_DELAY_MS));
    }
  }

  /** `since` has one-second resolution and is inclusive: skip what was already relayed. */
  private isDuplicate(timeNano: string, key: string): boolean {
    const nano = BigInt(timeNano);
    if (nano < this.lastTime.nano) return true;
    if (nano > this.lastTime.nano) this.lastTime = { nano, keys: new Set() };
    if (this.lastTime.keys.has(key)) return true;
    this.lastTime.keys.add(key);
    return false;
  }

  private enqueue(event: RawEngineEvent): void {
    for (const listener of this.eventListeners) listener(event);
    this.seq += 1;
    this.buffer.push({ ...event, seq: this.seq });
    if (this.buffer.length > MAX_BUFFERED) {
      this.buffer.shift();
      this.log.warn("event buffer full; oldest event dropped", { capacity: MAX_BUFFERED });
      this.gap("event buffer overrun");
    }
    void this.flush();
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.buffer.length > 0 && this.sender) {
        const head = this.buffer[0]!;
        if (!(await this.sender(head))) return; // not acknowledged: retried on the next connection
        this.buffer.shift();
      }
    } finally {
      this.flushing = false;
    }
  }
}
