"use client";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../src/client/trpc";
import { HostsTable } from "../src/client/components/HostsTable";
import { LiveIndicator } from "../src/client/components/LiveIndicator";
import { AddHost } from "../src/client/components/AddHost";
import { BulkActionBar } from "../src/client/components/BulkActionBar";
import { QueryError } from "../src/client/components/ui";

/** The fleet: every enrolled engine, its status pushed live (host:status). */
export default function HostsPage() {
  const trpc = useTRPC();
  const hosts = useQuery(trpc.hosts.list.queryOptions());
  const status = useQuery(trpc.auth.status.queryOptions());
  const canEnroll = status.data?.user?.globalPermissions.includes("host.manage") ?? false;
  const list = hosts.data ?? [];
  // Selected rows (a bulk bar acts on them); hosts that left the list drop out.
  const [picked, setSelected] = useState<Set<string>>(new Set());
  const selected = new Set(list.filter((h) => picked.has(h.id)).map((h) => h.id));
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
      <BulkActionBar selection={{ kind: "hosts", hostIds: [...selected] }} onClear={() => setSelected(new Set())} />
      <HostsTable
        hosts={list}
        selected={selected}
        onSelectedChange={setSelected}
        empty={
          hosts.isPending ? (
            <p className="px-4 py-8 text-center text-sm text-zinc-500">Loading hosts…</p>
          ) : hosts.data && list.length === 0 ? (
            <p className="px-4 py-8 text-center text-sm text-zinc-400">
              No Docker engine is connected. Start the server next to a Docker engine, or enroll an agent.
            </p>
          ) : null
        }
      />
    </div>
  );
}
