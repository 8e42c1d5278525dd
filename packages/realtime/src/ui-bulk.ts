import type { Socket } from "socket.io";
import { maySeeBatch, type Actor, type AuditLog } from "@dockmaster/core";
import type { Db } from "@dockmaster/db";
import { BulkSubscribe } from "@dockmaster/protocol";
import type { Logger } from "./logger";
import { auditFromSocket } from "./socket-audit";

export const batchRoom = (batchId: string) => `batch:${batchId}`;

/**
 * A browser following a bulk action joins the batch's room: allowed for the user who started the
 * batch, or with audit.view (the same rule as bulk.get). Refusals are audited.
 */
export function attachBulkRooms(socket: Socket, currentActor: () => Promise<Actor | null>, deps: { db: Db; audit: AuditLog; log: Logger }) {
  /** Joined batches and who started each, to re-check when access changes. */
  const joined = new Map<string, string | null>();

  socket.on("bulk:subscribe", (raw: unknown, ack?: unknown) => {
    const reply = typeof ack === "function" ? (ack as (value: unknown) => void) : () => undefined;
    const payload = BulkSubscribe.safeParse(raw);
    if (!payload.success) return reply({ ok: false, error: "bulk:subscribe needs { batchId }" });
    const { batchId } = payload.data;
    void Promise.all([currentActor(), deps.db.operationBatch.findUnique({ where: { id: batchId }, select: { actorId: true } })]).then(async ([actor, batch]) => {
      if (!actor) return reply({ ok: false, error: "your session has ended: sign in again" });
      if (!batch) return reply({ ok: false, error: `no bulk action ${batchId}` });
      if (!maySeeBatch(actor, batch)) {
        await auditFromSocket(deps.audit, deps.log, socket, actor, { action: "ui.bulk:subscribe", target: { type: "batch", id: batchId }, result: "denied", error: "permission audit.view is required" });
        return reply({ ok: false, error: "permission audit.view is required" });
      }
      joined.set(batchId, batch.actorId);
      await socket.join(batchRoom(batchId));
      reply({ ok: true });
    }, () => reply({ ok: false, error: "the bulk action could not be looked up" }));
  });

  socket.on("bulk:unsubscribe", (raw: unknown) => {
    const payload = BulkSubscribe.safeParse(raw);
    if (!payload.success) return;
    joined.delete(payload.data.batchId);
    void socket.leave(batchRoom(payload.data.batchId));
  });

  return {
    /** Access changed: rooms of others' batches are left once audit.view is gone. */
    recheck(actor: Actor) {
      for (const [batchId, actorId] of joined) {
        if (maySeeBatch(actor, { actorId })) continue;
        joined.delete(batchId);
        void socket.leave(batchRoom(batchId));
      }
    },
  };
}
