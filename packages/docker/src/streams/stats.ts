import type Docker from "dockerode";
import type { StatsSample } from "@dockmaster/protocol";
import type { ErrorMapper } from "../errors";
import { jsonLines } from "./json-lines";

/** The engine's raw stats document (the parts we read; cgroup v1 and v2 differ in memory stats). */
interface RawStats {
  read?: string;
  cpu_stats?: { cpu_usage?: { total_usage?: number; percpu_usage?: number[] }; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number };
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: Array<{ op?: string; value?: number }> | null };
  pids_stats?: { current?: number };
}

/**
 * Turns raw counters into what `docker stats` shows: CPU % as the container's share of the host's
 * CPU time since the previous sample × online CPUs (100 % = one full CPU); memory without the page
 * cache (cgroup v1 `cache`, v2 `inactive_file`), as the CLI does.
 */
export function toStatsSample(raw: RawStats, now = Date.now()): StatsSample {
  const cpu = raw.cpu_stats ?? {};
  const pre = raw.precpu_stats ?? {};
  const onlineCpus = cpu.online_cpus || cpu.cpu_usage?.percpu_usage?.length || 1;
  const cpuDelta = (cpu.cpu_usage?.total_usage ?? 0) - (pre.cpu_usage?.total_usage ?? 0);
  const systemDelta = (cpu.system_cpu_usage ?? 0) - (pre.system_cpu_usage ?? 0);
  const cpuPercent = systemDelta > 0 && cpuDelta > 0 ? (cpuDelta / systemDelta) * onlineCpus * 100 : 0;
  const memory = raw.memory_stats ?? {};
  const cache = memory.stats?.inactive_file ?? memory.stats?.total_inactive_file ?? memory.stats?.cache ?? 0;
  let rx = 0;
  let tx = 0;
  for (const net of Object.values(raw.networks ?? {})) {
    rx += net.rx_bytes ?? 0;
    tx += net.tx_bytes ?? 0;
  }
  let read = 0;
  let write = 0;
  for (const entry of raw.blkio_stats?.io_service_bytes_recursive ?? []) {
    const op = entry.op?.toLowerCase();
    if (op === "read") read += entry.value ?? 0;
    if (op === "write") write += entry.value ?? 0;
  }
  const at = raw.read && !raw.read.startsWith("0001") ? Date.parse(raw.read) : now;
  return {
    at: Number.isFinite(at) ? at : now,
    cpuPercent: Math.round(cpuPercent * 100) / 100,
    onlineCpus,
    memoryBytes: Math.max(0, (memory.usage ?? 0) - cache),
    memoryLimitBytes: memory.limit ?? 0,
    netRxBytes: rx,
    netTxBytes: tx,
    blockReadBytes: read,
    blockWriteBytes: write,
    pids: raw.pids_stats?.current ?? 0,
  };
}

/** Live samples (about one per second, the engine's pace) until `signal` aborts or the container stops. */
export function containerStats(docker: Docker, errors: ErrorMapper, id: string, signal: AbortSignal): AsyncIterable<StatsSample> {
  return {
    async *[Symbol.asyncIterator]() {
      const body = (await errors.call(() => docker.getContainer(id).stats({ stream: true, abortSignal: signal } as { stream: true }))) as AsyncIterable<Buffer>;
      try {
        for await (const raw of jsonLines(body)) yield toStatsSample(raw);
      } catch (error) {
        if (signal.aborted) return;
        throw errors.map(error);
      }
    },
  };
}

/** One sample with a CPU delta (the engine waits ~1 s for a second reading). */
export async function containerStatsOnce(docker: Docker, errors: ErrorMapper, id: string): Promise<StatsSample> {
  const raw = await errors.call(() => docker.getContainer(id).stats({ stream: false }));
  return toStatsSample(raw);
}
