import type { Db } from "@dockmaster/db";
import { EngineEvent } from "@dockmaster/protocol";
import type { AgentSocket } from "./agent-hub";
import type { Logger } from "./logger";

export interface EventIntakeDeps {
  db: Db;
  log: Logger;
  onEngineEvent(hostId: string, event: EngineEvent): void;
}

/** Engine events from one agent socket: validated, published, stored, then acknowledged. */
export function attachEventIntake(socket: AgentSocket, hostId: string, deps: EventIntakeDeps): void {
  socket.on("engine:event", (raw: unknown, ack?: unknown) => {
    const reply = typeof ack === "function" ? (ack as (value: unknown) => void) : () => undefined;
    const event = EngineEvent.safeParse(raw);
    if (!event.success) {
      deps.log.warn("malformed engine event dropped", { hostId, issue: event.error.issues[0]?.message });
      reply({ ok: false, error: "malformed engine event" });
      return;
    }
    deps.onEngineEvent(hostId, event.data);
    persistEvent(deps.db, hostId, event.data).then(
      () => reply({ seq: event.data.seq }),
      (error: unknown) => {
        deps.log.error("engine event not stored", { hostId, error: String(error) });
        reply({ ok: false, error: "event not stored" });
      },
    );
  });
}

async function persistEvent(db: Db, hostId: string, event: EngineEvent): Promise<void> {
  const duplicate = await db.engineEvent.findUnique({ where: { hostId_seq: { hostId, seq: event.seq } }, select: { id: true } });
  if (duplicate) return;
  await db.engineEvent.create({
    data: { hostId, seq: event.seq, timeNano: event.timeNano, type: event.type, action: event.action, actorId: event.actorId, attributes: JSON.stringify(event.actorAttributes) },
  });
  await db.host.updateMany({ where: { id: hostId, lastEventSeq: { lt: event.seq } }, data: { lastEventSeq: event.seq, lastSeenAt: new Date() } });
}
