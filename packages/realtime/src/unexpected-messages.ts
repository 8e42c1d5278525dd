import type { Socket } from "socket.io";
import type { Logger } from "./logger";

const LOG_EVERY_MS = 10_000;

/**
 * Messages an agent sends that nothing here listens to are dropped — and said so in the log, the
 * first one at once and then at most one line per 10 s with a count, so a flooding agent cannot
 * flood the log too.
 */
export function logUnexpectedMessages(socket: Socket, hostId: string, log: Logger): void {
  let dropped = 0;
  let loggedAt = 0;
  socket.onAny((event: string) => {
    if (socket.listeners(event).length > 0) return;
    dropped++;
    const now = Date.now();
    if (now - loggedAt < LOG_EVERY_MS) return;
    log.warn("unexpected agent message dropped", { hostId, event: String(event).slice(0, 100), droppedSinceLastLog: dropped });
    loggedAt = now;
    dropped = 0;
  });
}
