import type { StatsSample } from "@dockmaster/protocol";

/** One chart point: rates are per second between two samples (the engine gives running totals). */
export interface StatsPoint {
  t: number;
  cpuPercent: number;
  memoryBytes: number;
  memoryLimitBytes: number;
  netRxPerSec: number;
  netTxPerSec: number;
  blockReadPerSec: number;
  blockWritePerSec: number;
  pids: number;
}

const rate = (now: number, before: number, seconds: number) => (seconds > 0 ? Math.max(0, (now - before) / seconds) : 0);

export function toPoint(sample: StatsSample, previous: StatsSample | undefined): StatsPoint {
  const seconds = previous ? (sample.at - previous.at) / 1000 : 0;
  return {
    t: sample.at,
    cpuPercent: sample.cpuPercent,
    memoryBytes: sample.memoryBytes,
    memoryLimitBytes: sample.memoryLimitBytes,
    netRxPerSec: previous ? rate(sample.netRxBytes, previous.netRxBytes, seconds) : 0,
    netTxPerSec: previous ? rate(sample.netTxBytes, previous.netTxBytes, seconds) : 0,
    blockReadPerSec: previous ? rate(sample.blockReadBytes, previous.blockReadBytes, seconds) : 0,
    blockWritePerSec: previous ? rate(sample.blockWriteBytes, previous.blockWriteBytes, seconds) : 0,
    pids: sample.pids,
  };
}

/** Appends a sample, keeping the last `keep` points. */
export function appendPoint(points: StatsPoint[], sample: StatsSample, previous: StatsSample | undefined, keep = 120): StatsPoint[] {
  const next = [...points, toPoint(sample, previous)];
  return next.length > keep ? next.slice(next.length - keep) : next;
}

/** A memory limit the engine reports as the host's total when none is set. */
export function isUnlimited(limitBytes: number, hostMemoryBytes: number | undefined): boolean {
  return limitBytes === 0 || (hostMemoryBytes !== undefined && limitBytes >= hostMemoryBytes);
}

/** A CPU axis tick: small values keep a decimal, so a 0–1 % scale does not read "0 %" five times. */
export function percentTick(value: number): string {
  const digits = Number.isInteger(value) || Math.abs(value) >= 10 ? 0 : Math.abs(value) >= 1 ? 1 : 2;
  return `${Number(value.toFixed(digits))}%`;
}
