import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { REPO_ROOT } from "../../apps/web/test/support";

/**
 * The server runs with the flags `npm start` and the Dockerfile give the control plane: a 64 MB
 * young generation (V8's default of 16 MB promoted so much per-event garbage that old-generation
 * collections stalled the event loop for hundreds of ms at 5,000 agents). BENCH_SERVER_NODE_FLAGS overrides.
 */
export const SERVER_NODE_FLAGS = (process.env.BENCH_SERVER_NODE_FLAGS ?? "--max-semi-space-size=64").split(" ").filter(Boolean);

/**
 * Starts bench/sim/server.ts (a control plane in its own process, as deployed: its CPU, memory and
 * event loop are not shared with the simulated agents or the browser driver) and resolves once it
 * listens. Every line it writes (its log on stderr, its reports on stdout) goes to `onLine`.
 */
export async function spawnBenchServer(env: Record<string, string>, onLine: (line: string) => void = () => undefined): Promise<{ server: ChildProcess; port: number; pid: number }> {
  const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, "--import", "tsx", join(REPO_ROOT, "bench/sim/server.ts")], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const { port, pid } = await new Promise<{ port: number; pid: number }>((resolve, reject) => {
    server.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
    const read = (line: string) => {
      onLine(line);
      try {
        const entry = JSON.parse(line) as { port?: number; pid?: number };
        if (entry.port && entry.pid) resolve({ port: entry.port, pid: entry.pid });
      } catch {
        // not a JSON line
      }
    };
    createInterface({ input: server.stdout }).on("line", read);
    createInterface({ input: server.stderr }).on("line", read);
  });
  return { server, port, pid };
}

/** Stops a server from spawnBenchServer and waits for it to exit. */
export async function stopBenchServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  const exited = new Promise((r) => server.once("exit", r));
  server.kill("SIGTERM");
  await exited;
}
