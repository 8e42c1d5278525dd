import { describe, expect, it } from "vitest";
import { RetryBackoff } from "./retry-backoff";

describe("RetryBackoff", () => {
  it("doubles the wait up to the cap, logs the first failure and the one reaching the cap, and starts over after a success", () => {
    const backoff = new RetryBackoff({ firstMs: 1_000, maxMs: 30_000 });
    const series = Array.from({ length: 8 }, () => backoff.failed());
    expect(series.map((f) => f.delayMs)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect(series.filter((f) => f.log).map((f) => f.attempt)).toEqual([1, 6]);
    expect(backoff.succeeded()).toBe(8);
    expect(backoff.failing).toBe(false);
    expect(backoff.failed()).toEqual({ delayMs: 1_000, attempt: 1, log: true });
  });
});
