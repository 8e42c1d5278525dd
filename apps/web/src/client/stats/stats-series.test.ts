import { describe, expect, it } from "vitest";
import type { StatsSample } from "@dockmaster/protocol";
import { appendPoint, isUnlimited, percentTick, toPoint } from "./stats-series";

const sample = (at: number, over: Partial<StatsSample> = {}): StatsSample => ({
  at,
  cpuPercent: 5,
  onlineCpus: 2,
  memoryBytes: 100,
  memoryLimitBytes: 1000,
  netRxBytes: 0,
  netTxBytes: 0,
  blockReadBytes: 0,
  blockWriteBytes: 0,
  pids: 1,
  ...over,
});

describe("stats series", () => {
  it("derives per-second rates from running totals", () => {
    const p = toPoint(sample(3000, { netRxBytes: 5000, blockWriteBytes: 800 }), sample(1000, { netRxBytes: 1000, blockWriteBytes: 0 }));
    expect(p.netRxPerSec).toBe(2000);
    expect(p.blockWritePerSec).toBe(400);
  });

  it("shows zero rather than a negative rate when a counter resets (container restarted)", () => {
    expect(toPoint(sample(2000, { netTxBytes: 10 }), sample(1000, { netTxBytes: 9999 })).netTxPerSec).toBe(0);
  });

  it("keeps a bounded window", () => {
    let points = [] as ReturnType<typeof toPoint>[];
    for (let i = 0; i < 10; i++) points = appendPoint(points, sample(i * 1000), i ? sample((i - 1) * 1000) : undefined, 4);
    expect(points.map((p) => p.t)).toEqual([6000, 7000, 8000, 9000]);
  });

  it("treats a limit equal to the host's memory as no limit", () => {
    expect(isUnlimited(8e9, 8e9)).toBe(true);
    expect(isUnlimited(64e6, 8e9)).toBe(false);
  });
});

describe("percentTick", () => {
  it("keeps the ticks of a small CPU scale apart instead of five times 0 %", () => {
    const ticks = [0, 0.05, 0.1, 0.15, 0.2].map(percentTick);
    expect(ticks).toEqual(["0%", "0.05%", "0.1%", "0.15%", "0.2%"]);
    expect(new Set([0, 0.25, 0.5, 0.75, 1].map(percentTick)).size).toBe(5);
    expect([2.5, 40, 100].map(percentTick)).toEqual(["2.5%", "40%", "100%"]);
  });
});
