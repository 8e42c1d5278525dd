/**
 * A control plane in its own process, for benchmarks that must measure the server alone (its RSS
 * and CPU are not mixed with the simulated agents'). Prints one JSON line {port, pid} once
 * listening; stops on SIGTERM. Environment: BENCH_DATABASE_URL (required), BENCH_HEARTBEAT_MS,
 * BENCH_SERVER_CPU_PROF (a directory: SIGUSR2 starts a CPU profile, the next SIGUSR2 writes it there —
 * so a benchmark can profile just its measuring window), BENCH_SERVE_PAGES=1 (serve the built Next
 * pages too, as server.ts does; `npm run build` first).
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { startControlPlane } from "../../apps/web/src/server/control-plane";
import { keepServingWithoutLogPipe } from "../../apps/web/src/server/logger";

keepServingWithoutLogPipe();
const databaseUrl = process.env.BENCH_DATABASE_URL;
if (!databaseUrl) throw new Error("BENCH_DATABASE_URL is required");
const heartbeatMs = Number(process.env.BENCH_HEARTBEAT_MS ?? 10_000);
const pages = process.env.BENCH_SERVE_PAGES === "1" ? await nextPages() : null;
const plane = await startControlPlane({
  databaseUrl,
  port: 0,
  bind: "127.0.0.1",
  secureCookies: false,
  secretKey: randomBytes(32),
  heartbeat: { intervalMs: heartbeatMs, timeoutMs: heartbeatMs },
  pageHandler: pages ?? ((_req, res) => res.writeHead(404).end()),
});
process.stdout.write(`${JSON.stringify({ port: plane.port, pid: process.pid })}\n`);
// How late the server's event loop runs (p99 over each second): tells a busy server from a busy client.
const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();
setInterval(() => {
  process.stdout.write(`${JSON.stringify({ eventLoopDelayP99Ms: lag.percentile(99) / 1e6 })}\n`);
  lag.reset();
}, 1_000).unref();
process.on("SIGTERM", () => void plane.close().then(() => process.exit(0)));

/** The built Next app's request handler (production mode). */
async function nextPages(): Promise<(req: IncomingMessage, res: ServerResponse) => Promise<void>> {
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: join(import.meta.dirname, "../../apps/web") });
  await app.prepare();
  return app.getRequestHandler();
}

const profileDir = process.env.BENCH_SERVER_CPU_PROF;
if (profileDir) {
  const inspector = new Session();
  inspector.connect();
  let profiling = false;
  let n = 0;
  process.on("SIGUSR2", () => {
    profiling = !profiling;
    if (profiling) void inspector.post("Profiler.enable").then(() => inspector.post("Profiler.start"));
    else void inspector.post("Profiler.stop").then(({ profile }) => writeFileSync(join(profileDir, `window-${++n}.cpuprofile`), JSON.stringify(profile)));
  });
}
