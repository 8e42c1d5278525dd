import { EventEmitter } from "node:events";
import type { Socket } from "socket.io";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Logger } from "./logger";
import { watchRefusals } from "./refusals";

function fakeSocket() {
  const socket = Object.assign(new EventEmitter(), { disconnect: vi.fn() });
  return socket;
}

describe("refused agent messages", () => {
  const lines: Array<{ message: string; fields: Record<string, unknown> }> = [];
  const log = { warn: (message: string, fields: Record<string, unknown>) => lines.push({ message, fields }), info: vi.fn(), error: vi.fn() } as unknown as Logger;
  beforeEach(() => {
    lines.length = 0;
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it("logs a kind at once, then once per window with how many refusals the line stands for", () => {
    const socket = fakeSocket();
    const refusals = watchRefusals(socket as unknown as Socket, "h1", log, { logEveryMs: 10_000, closeAfter: 1_000 });
    for (let i = 0; i < 50; i++) refusals.refused("batch refused", { n: i });
    refusals.refused("unknown message", { event: "x" });
    expect(lines).toEqual([
      { message: "batch refused", fields: { hostId: "h1", n: 0, count: 1 } },
      { message: "unknown message", fields: { hostId: "h1", event: "x", count: 1 } },
    ]);
    vi.advanceTimersByTime(10_000);
    refusals.refused("batch refused", { n: 50 });
    expect(lines[2]).toEqual({ message: "batch refused", fields: { hostId: "h1", n: 50, count: 50 } });
    // what was counted but not yet logged is logged when the agent goes
    refusals.refused("batch refused", { n: 51 });
    socket.emit("disconnect");
    expect(lines[3]).toEqual({ message: "batch refused", fields: { hostId: "h1", n: 51, count: 1 } });
    const total = lines.filter((l) => l.message === "batch refused").reduce((sum, l) => sum + (l.fields.count as number), 0);
    expect(total).toBe(52);
    expect(socket.disconnect).not.toHaveBeenCalled();
  });

  it("closes a socket that goes past the budget within one window, once, and says so (the gateway quarantines)", () => {
    const socket = fakeSocket();
    const onClosed = vi.fn();
    const refusals = watchRefusals(socket as unknown as Socket, "h2", log, { logEveryMs: 10_000, closeAfter: 100 }, onClosed);
    for (let i = 0; i < 100; i++) refusals.refused("batch refused", {});
    expect(socket.disconnect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10_000); // a new window: the count starts again
    for (let i = 0; i < 100; i++) refusals.refused("batch refused", {});
    expect(socket.disconnect).not.toHaveBeenCalled();
    for (let i = 0; i < 5; i++) refusals.refused("batch refused", {});
    expect(socket.disconnect).toHaveBeenCalledTimes(1);
    expect(socket.disconnect).toHaveBeenCalledWith(true);
    expect(onClosed).toHaveBeenCalledTimes(1);
    expect(lines.some((l) => l.message === "agent disconnected: too many refused messages" && l.fields.refused === 101)).toBe(true);
  });
});
