"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../src/client/trpc";
import { relativeTime } from "../src/client/format";
import { HostStatusBadge } from "../src/client/components/HostStatusBadge";
import { ErrorBanner, Table } from "../src/client/components/ui";

export default function HostsPage() {
  const trpc = useTRPC();
  const hosts = useQuery(trpc.hosts.list.queryOptions());
  const list = hosts.data ?? [];
  const online = list.filter((h) => h.status === "online").length;
  return (
    <div className="space-y-4">
      <div className="flex items-baseline justify-between">
        <h1 className="text-xl font-semibold text-white">Hosts</h1>
        <span className="text-sm text-zinc-400">
          {online} of {list.length} online
        </span>
      </div>
      {hosts.error && <ErrorBanner message={hosts.error.message} />}
      {hosts.data && list.length > 0 && online === 0 && <ErrorBanner message="No engine is reachable: every host is offline." />}
      <Table
        head={["Name", "Status", "Engine", "Agent", "OS / arch", "Last seen"]}
        empty={
          hosts.data && list.length === 0 ? (
            <p className="px-4 py-8 text-center text-sm text-zinc-400">
              No Docker engine is connected. Start the server next to a Docker engine, or enroll an agent.
            </p>
          ) : null
        }
      >
        {list.map((h) => (
          <tr key={h.id} className="hover:bg-zinc-900/70">
            <td className="px-3 py-2">
              <Link href={`/hosts/${h.id}`} className="font-medium text-sky-300 hover:underline">
                {h.name}
              </Link>
            </td>
            <td className="px-3 py-2">
              <HostStatusBadge status={h.status} reason={h.statusReason} />
            </td>
            <td className="mono px-3 py-2 text-zinc-300">{h.engineVersion ? `${h.engineVersion} (API ${h.apiVersion ?? "?"})` : "—"}</td>
            <td className="mono px-3 py-2 text-zinc-300">{h.agentVersion ?? "—"}</td>
            <td className="px-3 py-2 text-zinc-400">{[h.os, h.arch].filter(Boolean).join(" / ") || "—"}</td>
            <td className="px-3 py-2 text-zinc-400">{h.status === "online" ? "now" : relativeTime(h.lastSeenAt)}</td>
          </tr>
        ))}
      </Table>
    </div>
  );
}
