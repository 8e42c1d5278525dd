/**
 * What every benchmark shares: a control plane with a real agent on a testbed engine, a signed-in
 * client, timing and summary helpers, and the results file. Benchmarks are not tests: they report
 * ratios against the direct Engine API measured in the same run.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { planeWithAgent, REPO_ROOT, uiClient } from "../apps/web/test/support";

export interface Summary {
  n: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { n: sorted.length, meanMs: sorted.reduce((a, b) => a + b, 0) / sorted.length, p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99) };
}

export const ratio = (ours: Summary, direct: Summary) => ({ p50: ours.p50Ms / direct.p50Ms, p95: ours.p95Ms / direct.p95Ms, mean: ours.meanMs / direct.meanMs });

/** Times `fn` `iterations` times after a warm-up. */
export async function time(fn: () => Promise<unknown>, iterations: number, warmup = 20): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return samples;
}

/** Alternates the two measurements so drift (caches, the other core) hits both alike. */
export async function timePair(a: () => Promise<unknown>, b: () => Promise<unknown>, iterations: number, warmup = 20): Promise<[number[], number[]]> {
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  const sa: number[] = [];
  const sb: number[] = [];
  for (let i = 0; i < iterations; i++) {
    let t0 = performance.now();
    await a();
    sa.push(performance.now() - t0);
    t0 = performance.now();
    await b();
    sb.push(performance.now() - t0);
  }
  return [sa, sb];
}

export function writeResult(name: string, result: Record<string, unknown>): void {
  const body = { benchmark: name, date: new Date().toISOString(), ...result };
  mkdirSync(join(REPO_ROOT, "bench/results"), { recursive: true });
  writeFileSync(join(REPO_ROOT, `bench/results/${name}.json`), `${JSON.stringify(body, null, 2)}\n`);
  console.log(JSON.stringify(body, null, 2));
}

/** A control plane, a real agent enrolled against testbed engine 1, an admin API client and /ui socket. */
export async function benchPlane() {
  const ctx = await planeWithAgent("bench");
  const socket = await uiClient(ctx.plane.port, ctx.adminCookie);
  return {
    engine: ctx.engine,
    plane: ctx.plane,
    hostId: ctx.hostId,
    client: ctx.admin.client,
    socket,
    async close() {
      socket.close();
      await ctx.close();
    },
  };
}
