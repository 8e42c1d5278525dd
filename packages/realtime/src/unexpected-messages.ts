import type { Socket } from "socket.io";
import type { Refusals } from "./refusals";

/** Messages an agent sends that nothing here listens to are dropped — and counted as refusals. */
export function logUnexpectedMessages(socket: Socket, refusals: Refusals): void {
  socket.onAny((event: string) => {
    if (socket.listeners(event).length > 0) return;
    refusals.refused("unexpected agent message dropped", { event: String(event).slice(0, 100) });
  });
}
