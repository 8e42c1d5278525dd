"use client";
import { useRef, useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { StatsSample } from "@dockmaster/protocol";
import { bytes } from "../format";
import { useStream } from "../use-stream";
import { Badge, Card, ErrorBanner } from "../components/ui";
import { appendPoint, isUnlimited, percentTick, type StatsPoint } from "./stats-series";

const time = (t: number) => new Date(t).toLocaleTimeString();

/**
 * `integer`: a count (no 0.5 process ticks). `limit`: drawn only while the data reaches near it
 * (a 25 GB limit line would squash 40 MB of usage flat at the bottom); the text above says it.
 */
function Chart({ points, lines, format, testId, integer, limit }: { points: StatsPoint[]; lines: Array<{ key: keyof StatsPoint; name: string; color: string }>; format: (n: number) => string; testId: string; integer?: boolean; limit?: number }) {
  return (
    <div data-testid={testId} className="h-48">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 4, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid stroke="#27272a" strokeDasharray="3 3" />
          <XAxis dataKey="t" tickFormatter={time} stroke="#71717a" fontSize={10} minTickGap={40} />
          <YAxis tickFormatter={format} stroke="#71717a" fontSize={10} width={64} allowDecimals={!integer} tickCount={4} domain={[0, "auto"]} />
          <Tooltip labelFormatter={(t) => time(Number(t))} formatter={(v) => format(Number(v))} contentStyle={{ background: "#18181b", border: "1px solid #3f3f46", fontSize: 12 }} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          {limit !== undefined && <ReferenceLine y={limit} stroke="#f43f5e" strokeDasharray="4 2" ifOverflow="discard" label={{ value: "limit", fill: "#f43f5e", fontSize: 10, position: "insideTopRight" }} />}
          {lines.map((l) => (
            <Line key={l.key} type="monotone" dataKey={l.key} name={l.name} stroke={l.color} dot={false} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

const perSecond = (n: number) => `${bytes(n)}/s`;

/**
 * Live resource use of one container, pushed by the agent about once a second: CPU, memory
 * against its cgroup limit, network and block I/O rates, and process count. Reports the latest
 * sample upward too (the "what and how much" panel shows usage next to each limit).
 */
export function StatsCharts({ hostId, containerId, hostMemoryBytes, onSample }: { hostId: string; containerId: string; hostMemoryBytes?: number; onSample?: (s: StatsSample) => void }) {
  const [points, setPoints] = useState<StatsPoint[]>([]);
  const [latest, setLatest] = useState<StatsSample | null>(null);
  const previous = useRef<StatsSample | undefined>(undefined);
  const stream = useStream({ hostId, type: "container.stats", params: { id: containerId } }, (frames) => {
    setPoints((current) => {
      let next = current;
      for (const sample of frames) {
        next = appendPoint(next, sample, previous.current);
        previous.current = sample;
      }
      return next;
    });
    const last = frames.at(-1);
    if (last) {
      setLatest(last);
      onSample?.(last);
    }
  });
  const unlimited = latest ? isUnlimited(latest.memoryLimitBytes, hostMemoryBytes) : true;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <Badge tone={stream.phase === "open" ? "green" : stream.phase === "failed" ? "red" : "zinc"} testId="stats-state" live>
          {stream.phase === "open" ? "live" : stream.phase}
        </Badge>
        {latest && (
          <span data-testid="stats-latest" className="mono text-xs text-zinc-300">
            CPU {latest.cpuPercent.toFixed(1)}% of {latest.onlineCpus} CPU{latest.onlineCpus === 1 ? "" : "s"} · memory {bytes(latest.memoryBytes)}
            {unlimited ? " (no limit)" : ` of ${bytes(latest.memoryLimitBytes)} (${((latest.memoryBytes / latest.memoryLimitBytes) * 100).toFixed(1)}%)`} · {latest.pids} processes
          </span>
        )}
      </div>
      {stream.error && <ErrorBanner message={stream.error} />}
      {stream.phase === "ended" && <p className="text-sm text-zinc-500">The container is not running: no live samples.</p>}
      <div className="grid gap-3 lg:grid-cols-2">
        <Card title="CPU" hint="100 % = one full CPU core; the engine measures the container's cgroup CPU time against the host's.">
          <Chart testId="chart-cpu" points={points} format={percentTick} lines={[{ key: "cpuPercent", name: "CPU %", color: "#38bdf8" }]} />
        </Card>
        <Card title="Memory" hint="Usage without the page cache, against the cgroup limit (memory.limit_in_bytes / memory.max).">
          <Chart
            testId="chart-memory"
            points={points}
            format={bytes}
            lines={[{ key: "memoryBytes", name: "usage", color: "#34d399" }]}
            limit={unlimited || !latest ? undefined : latest.memoryLimitBytes}
          />
        </Card>
        <Card title="Network">
          <Chart testId="chart-network" points={points} format={perSecond} lines={[{ key: "netRxPerSec", name: "received", color: "#a78bfa" }, { key: "netTxPerSec", name: "sent", color: "#fbbf24" }]} />
        </Card>
        <Card title="Block I/O">
          <Chart testId="chart-blockio" points={points} format={perSecond} lines={[{ key: "blockReadPerSec", name: "read", color: "#60a5fa" }, { key: "blockWritePerSec", name: "written", color: "#f472b6" }]} />
        </Card>
        <Card title="Processes" hint="The pids cgroup counts every process and thread in the container.">
          <Chart testId="chart-pids" integer points={points} format={(n) => n.toFixed(0)} lines={[{ key: "pids", name: "PIDs", color: "#e4e4e7" }]} />
        </Card>
      </div>
    </div>
  );
}
