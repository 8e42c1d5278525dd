import type { Server as HttpServer } from "node:http";
import type { Duplex } from "node:stream";

/**
 * Everything written to a socket in one turn of the event loop leaves in one system call: the
 * first write of a turn corks the socket and the turn's end (setImmediate) uncorks it. The
 * websocket library writes each frame on its own (cork, header, payload, uncork: one writev per
 * frame), so a browser following 5,000 hosts got 5,000 writev calls a second — 17 % of the
 * server's CPU at that load (bench/agents.bench.ts, BENCH_SERVER_CPU_PROF). The frames, their
 * order and backpressure are unchanged; a frame waits at most until the end of the current turn.
 */
export function coalesceWrites(socket: Duplex): void {
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  let corked = false;
  socket.write = function coalescedWrite(...args: unknown[]) {
    if (!corked && !socket.destroyed) {
      corked = true;
      socket.cork();
      setImmediate(() => {
        corked = false;
        socket.uncork();
      });
    }
    return write(...args);
  } as Duplex["write"];
}

/** Coalesces the writes of every connection the server upgrades (socket.io's websockets: agents and browsers). */
export function coalesceUpgradedSocketWrites(server: HttpServer): void {
  server.prependListener("upgrade", (_req, socket: Duplex) => coalesceWrites(socket));
}
