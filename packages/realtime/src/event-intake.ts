import type { Db, SqliteConnection } from "@dockmaster/db";
import { EngineEventBatch, type EngineEvent } from "@dockmaster/protocol";
import type { AgentSocket } from "./agent-hub";
import { EventWriter } from "./event-writer";
import type { Logger } from "./logger";
import type { Refusals } from "./refusals";

export interface EventIntakeDeps {
  db: Db;
  log: Logger;
  /** SQLite: Prisma's connection, for the event writer's direct path. */
  sqliteConnection?: () => SqliteConnection | null;
  onEngineEvent(hostId: string, event: EngineEvent): void;
  /** Events just stored by this instance (each once fleet-wide): alert rules are evaluated on these. */
  onEventsStored?(hostId: string, events: EngineEvent[]): void;
}

/**
 * Engine event batches from agent sockets: validated, published to browsers at once (in seq order,
 * each seq once per host even when an agent resends), stored by the one EventWriter, then
 * acknowledged. A malformed batch is refused with the reason and logged; other agents never notice.
 */
export class EventIntake {
  private readonly writer: EventWriter;
  /** Per host, the highest seq published to browsers. */
  private readonly published = new Map<string, number>();

  constructor(private readonly deps: EventIntakeDeps) {
    this.writer = new EventWriter(deps.db, deps.log, undefined, deps.sqliteConnection, (hostId, events) => deps.onEventsStored?.(hostId, events));
  }

  attach(socket: AgentSocket, hostId: string, refusals: Refusals): void {
    socket.on("disconnect", () => this.writer.forget(hostId));
    socket.on("engine:events", (raw: unknown, ack?: unknown) => {
      const reply = typeof ack === "function" ? (ack as (value: unknown) => void) : () => undefined;
      const batch = EngineEventBatch.safeParse(raw);
      if (!batch.success) {
        const issue = batch.error.issues[0];
        const error = `malformed event batch: ${issue ? `${issue.path.join(".") || "batch"}: ${issue.message}` : "invalid"}`;
        refusals.refused("engine event batch refused", { error });
        reply({ ok: false, error });
        return;
      }
      this.publish(hostId, batch.data.events);
      void this.writer.write(hostId, batch.data.events).then((result) => {
        if (!result.ok) refusals.refused("engine event batch not stored", { error: result.error, firstSeq: batch.data.events[0]!.seq });
        reply(result);
      });
    });
  }

  /** Stores what is queued (before the database closes). */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  private publish(hostId: string, events: EngineEvent[]): void {
    let last = this.published.get(hostId) ?? 0;
    for (const event of events) {
      if (event.seq <= last) continue;
      this.deps.onEngineEvent(hostId, event);
      last = event.seq;
    }
    this.published.set(hostId, last);
  }
}
