import type { Engine } from "@dockmaster/docker";
import type { HostStatsFrame } from "@dockmaster/protocol";

const INTERVAL_MS = 2_000;
const CONCURRENCY = 8;

/**
 * A host overview: every running container's latest sample, every couple of seconds. One-shot
 * samples (the engine measures over ~1 s to give a CPU delta) with bounded concurrency, so a host
 * with hundreds of containers does not get hundreds of open stats streams.
 */
export async function* hostStats(engine: Engine, signal: AbortSignal): AsyncGenerator<HostStatsFrame> {
  while (!signal.aborted) {
    const started = Date.now();
    const running = (await engine.listContainers({ all: false })).filter((c) => c.state === "running");
    const containers: HostStatsFrame["containers"] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, running.length) }, async () => {
        while (next < running.length && !signal.aborted) {
          const c = running[next++]!;
          const sample = await engine.containerStatsOnce(c.id).catch(() => null); // gone meanwhile
          if (sample) containers.push({ ...sample, id: c.id, name: c.name });
        }
      }),
    );
    if (signal.aborted) return;
    containers.sort((a, b) => a.name.localeCompare(b.name));
    yield { at: Date.now(), containers };
    const wait = INTERVAL_MS - (Date.now() - started);
    if (wait > 0) await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, wait);
      signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
    });
  }
}
