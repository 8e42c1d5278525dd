"use client";
import { useState } from "react";
import Link from "next/link";
import type { HostStatsFrame } from "@dockmaster/protocol";
import { bytes } from "../format";
import { useStream } from "../use-stream";
import { Badge, ErrorBanner, Table } from "../components/ui";

/** Every running container's CPU, memory, network and processes on one host, refreshed every ~2 s. */
export function HostStatsOverview({ hostId }: { hostId: string }) {
  const [frame, setFrame] = useState<HostStatsFrame | null>(null);
  const stream = useStream({ hostId, type: "host.stats", params: {} }, (frames) => setFrame(frames.at(-1) ?? null));
  const rows = frame?.containers ?? [];
  const totalCpu = rows.reduce((sum, c) => sum + c.cpuPercent, 0);
  const totalMemory = rows.reduce((sum, c) => sum + c.memoryBytes, 0);
  return (
    <div className="space-y-3">
      <div className="flex items-center gap-3 text-sm">
        <Badge tone={stream.phase === "open" ? "green" : stream.phase === "failed" ? "red" : "zinc"}>{stream.phase === "open" ? "live" : stream.phase}</Badge>
        {frame && (
          <span data-testid="host-stats-total" className="text-zinc-300">
            {rows.length} running · CPU {totalCpu.toFixed(1)}% · memory {bytes(totalMemory)}
          </span>
        )}
      </div>
      {stream.error && <ErrorBanner message={stream.error} />}
      <Table head={["Container", "CPU %", "Memory", "Limit", "Net rx / tx", "Block r / w", "PIDs"]} empty={rows.length === 0 ? <p className="p-3 text-sm text-zinc-500">{frame ? "No running containers." : "Measuring…"}</p> : undefined}>
        {rows.map((c) => (
          <tr key={c.id} data-testid="host-stats-row" data-container-name={c.name}>
            <td className="px-3 py-1.5">
              <Link className="text-sky-300 hover:underline" href={`/hosts/${hostId}/containers/${c.id}/stats`}>
                {c.name}
              </Link>
            </td>
            <td className="mono px-3 py-1.5">
              <div className="flex items-center gap-2">
                <div className="h-1.5 w-16 rounded bg-zinc-800">
                  <div className="h-1.5 rounded bg-sky-400" style={{ width: `${Math.min(100, c.cpuPercent / c.onlineCpus)}%` }} />
                </div>
                {c.cpuPercent.toFixed(1)}
              </div>
            </td>
            <td className="mono px-3 py-1.5">{bytes(c.memoryBytes)}</td>
            <td className="mono px-3 py-1.5">{bytes(c.memoryLimitBytes)}</td>
            <td className="mono px-3 py-1.5">
              {bytes(c.netRxBytes)} / {bytes(c.netTxBytes)}
            </td>
            <td className="mono px-3 py-1.5">
              {bytes(c.blockReadBytes)} / {bytes(c.blockWriteBytes)}
            </td>
            <td className="mono px-3 py-1.5">{c.pids}</td>
          </tr>
        ))}
      </Table>
    </div>
  );
}
