import type { Socket } from "socket.io-client";
import type { AckError, AckOk, BulkDoneMessage, BulkProgressMessage, BulkSummary, BulkTargetState } from "@dockmaster/protocol";

/**
 * The browser's side of a bulk action's live progress: joins the batch's room on the /ui socket
 * (again after a reconnect) and hands each target's new state and the final summary to the page.
 * Plain TypeScript (no React), so the integration tests drive the same code as the page.
 */
export interface BatchFollower {
  /** Resolves when the server let us in; rejects with its reason (e.g. "permission audit.view is required"). */
  readonly ready: Promise<void>;
  stop(): void;
}

type AnySocket = Pick<Socket, "on" | "off" | "emit" | "connected">;

export function followBatch(socket: AnySocket, batchId: string, handlers: { target(state: BulkTargetState): void; done(summary: BulkSummary): void; resubscribed?(): void }): BatchFollower {
  let settle: { resolve(): void; reject(error: Error): void } | null = null;
  const ready = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  let joinedBefore = false;
  const subscribe = () => {
    socket.emit("bulk:subscribe", { batchId }, (ack: AckOk | AckError) => {
      if (ack.ok) settle?.resolve();
      else settle?.reject(new Error(ack.error));
      settle = null;
      // Updates may have been missed while disconnected: the page re-reads the batch.
      if (ack.ok && joinedBefore) handlers.resubscribed?.();
      joinedBefore = ack.ok;
    });
  };
  const onProgress = (message: BulkProgressMessage) => {
    if (message.batchId === batchId) handlers.target(message.target);
  };
  const onDone = (message: BulkDoneMessage) => {
    if (message.batchId === batchId) handlers.done(message.summary);
  };
  socket.on("bulk:progress", onProgress);
  socket.on("bulk:done", onDone);
  socket.on("connect", subscribe);
  if (socket.connected) subscribe();
  return {
    ready,
    stop() {
      socket.off("bulk:progress", onProgress);
      socket.off("bulk:done", onDone);
      socket.off("connect", subscribe);
      if (socket.connected) socket.emit("bulk:unsubscribe", { batchId });
    },
  };
}
