import { describe, expect, it } from "vitest";
import { HandshakeTarpit } from "./handshake-tarpit";

describe("handshake tarpit", () => {
  it("answers the first failures at once, then delays further failures from that address only, until the window passes", () => {
    let now = 0;
    const tarpit = new HandshakeTarpit({ freeFailures: 3, windowMs: 60_000, delayMs: 1_000 }, () => now);
    expect([1, 2, 3].map(() => tarpit.failed("10.0.0.9"))).toEqual([0, 0, 0]);
    expect(tarpit.failed("10.0.0.9")).toBe(1_000);
    expect(tarpit.failed("10.0.0.7")).toBe(0);
    now += 30_000;
    expect(tarpit.failed("10.0.0.9")).toBe(1_000);
    now += 61_000;
    expect(tarpit.failed("10.0.0.9")).toBe(0);
  });
});
