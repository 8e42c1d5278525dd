"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../src/client/trpc";
import { Ago } from "../src/client/components/Ago";
import { HostStatusBadge } from "../src/client/components/HostStatusBadge";
import { LiveIndicator } from "../src/client/components/LiveIndicator";
import { AddHost } from "../src/client/components/AddHost";
import { QueryError, Table } from "../src/client/components/ui";

/** The fleet: every enrolled engine, its status pushed live (host:status). */
export default function HostsPage() {
  const trpc = useTRPC();
  const hosts = useQuery(trpc.hosts.list.queryOptions());
  const status = useQuery(trpc.auth.status.queryOptions());
  const canEnroll = status.data?.user?.globalPermissions.includes("host.manage") ?? false;
  const list = hosts.data ?? [];
  const online = list.filter((h) => h.status === "online").length;
  return (
    <div className="space-y-4">
      <div className="flex items-baseline gap-3">
        <h1 className="text-xl font-semibold text-white">Hosts</h1>
        {hosts.data && (
          <span className="text-sm text-zinc-400">
            {online} of {list.length} online
          </span>
        )}
        <span className="ml-auto">
          <LiveIndicator />
        </span>
      </div>
      {canEnroll && <AddHost />}
      <QueryError error={hosts.error} />
      {hosts.data && list.length > 0 && online === 0 && (
        <div role="alert" className="rounded border border-amber-700/60 bg-amber-950/40 px-4 py-3 text-sm text-amber-200">
          No engine is reachable: every host is offline. Their last-known state is shown below.
        </div>
      )}
      <Table
        head={["Name", "Status", "Engine", "Agent", "OS / arch", "Last seen"]}
        empty={
          hosts.isPending ? (
            <p className="px-4 py-8 text-center text-sm text-zinc-500">Loading hosts…</p>
          ) : hosts.data && list.length === 0 ? (
            <p className="px-4 py-8 text-center text-sm text-zinc-400">
              No Docker engine is connected. Start the server next to a Docker engine, or enroll an agent.
            </p>
          ) : null
        }
      >
        {list.map((h) => (
          <tr key={h.id} data-testid="host-row" data-host-name={h.name} className="hover:bg-zinc-900/70">
            <td className="px-3 py-2">
              <Link href={`/hosts/${h.id}`} className="font-medium text-sky-300 hover:underline">
                {h.name}
              </Link>
            </td>
            <td className="px-3 py-2">
              <div className="flex items-center gap-2">
                <HostStatusBadge status={h.status} reason={h.statusReason} />
                {h.status === "offline" && h.statusReason && <span className="text-xs text-zinc-500">{h.statusReason}</span>}
              </div>
            </td>
            <td className="mono px-3 py-2 text-xs text-zinc-300">{h.engineVersion ? `${h.engineVersion} (API ${h.apiVersion ?? "?"})` : "—"}</td>
            <td className="mono px-3 py-2 text-xs text-zinc-300">{h.agentVersion ?? "—"}</td>
            <td className="px-3 py-2 text-xs text-zinc-400">{[h.os, h.arch].filter(Boolean).join(" / ") || "—"}</td>
            <td className="px-3 py-2 text-xs text-zinc-400">{h.status === "online" ? "now (connected)" : <Ago date={h.lastSeenAt} />}</td>
          </tr>
        ))}
      </Table>
    </div>
  );
}
