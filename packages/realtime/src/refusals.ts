import type { Socket } from "socket.io";
import { LogThrottle } from "./log-throttle";
import type { Logger } from "./logger";

export interface RefusalLimits {
  /** A kind of refusal is logged at once, then at most once per this many ms, with a count. */
  logEveryMs: number;
  /** More refusals than this within one logEveryMs window and the socket is closed. */
  closeAfter: number;
}

/** 100 in 10 s: far above what version skew produces (an unknown message type now and then), far below a flood. */
export const DEFAULT_REFUSAL_LIMITS: RefusalLimits = { logEveryMs: 10_000, closeAfter: 100 };

/** What one agent socket sent that was refused (malformed, unknown, oversized…). */
export interface Refusals {
  /**
   * `message` names the kind (the log line); `fields` describe this occurrence. `counts: false`:
   * logged (throttled) but not counted toward the budget — refusals that are not the agent's fault
   * (a reader that went away) or that the protocol recovers from by itself (a state message the
   * agent answers with a full resync).
   */
  refused(message: string, fields: Record<string, unknown>, options?: { counts: boolean }): void;
}

/**
 * Refused agent messages are logged — but a broken or hostile agent sending thousands a second must
 * not cost the control plane a log line each, nor keep it busy refusing: each kind is logged at once,
 * then once per window with `count` (how many refusals the line stands for), and a socket that goes
 * past the budget in one window is closed (`onClosed`: the gateway then quarantines the host).
 */
export function watchRefusals(socket: Socket, hostId: string, log: Logger, limits: RefusalLimits = DEFAULT_REFUSAL_LIMITS, onClosed: () => void = () => undefined): Refusals {
  const lines = new LogThrottle(limits.logEveryMs);
  let windowStart = 0;
  let inWindow = 0;
  let closed = false;

  socket.once("disconnect", () => {
    for (const { key, count, last } of lines.drain()) log.warn(key, { hostId, ...last, count });
  });

  return {
    refused(message, fields, options = { counts: true }) {
      if (!options.counts) {
        const count = lines.note(message, fields);
        if (count !== null) log.warn(message, { hostId, ...fields, count });
        return;
      }
      const now = Date.now();
      if (now - windowStart >= limits.logEveryMs) {
        windowStart = now;
        inWindow = 0;
      }
      inWindow += 1;
      const count = lines.note(message, fields);
      if (count !== null) log.warn(message, { hostId, ...fields, count });
      if (inWindow > limits.closeAfter && !closed) {
        closed = true;
        log.warn("agent disconnected: too many refused messages", { hostId, refused: inWindow, withinMs: limits.logEveryMs });
        onClosed();
        socket.disconnect(true);
      }
    },
  };
}
