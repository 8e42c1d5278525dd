"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { useHostCountsLive } from "../fleet-live";
import { HostsTable, type HostRow } from "../components/HostsTable";
import { LiveIndicator } from "../components/LiveIndicator";
import { AddHost } from "../components/AddHost";
import { BulkActionBar } from "../components/BulkActionBar";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ErrorBanner, QueryError } from "../components/ui";
import { NoHostAccess } from "./NoHostAccess";
import { useAnywherePermissions } from "../permissions";
import { HOST_STATUS_FILTERS, hostStatusFilterOf, type HostStatusFilter } from "./status-filter";

/**
 * The Hosts page. A user who may view no host is told so, and nothing is asked for them that the
 * server would only refuse (and record as a denial).
 */
export function HostsPage({ initialStatus }: { initialStatus: HostStatusFilter | null }) {
  const may = useAnywherePermissions();
  if (!may.has("host.view")) return <NoHostAccess title="Hosts" />;
  return <HostsList initialStatus={initialStatus} />;
}

/**
 * The fleet: every enrolled engine, its status pushed live (host:status), its container counts
 * following its snapshot (fleet:changed). Revoked hosts stay listed, greyed, until removed.
 */
function HostsList({ initialStatus }: { initialStatus: HostStatusFilter | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useHostCountsLive();
  const hosts = useQuery(trpc.hosts.list.queryOptions({ includeRevoked: true }));
  const status = useQuery(trpc.auth.status.queryOptions());
  const canManage = status.data?.user?.globalPermissions.includes("host.manage") ?? false;
  const [showRevoked, setShowRevoked] = useState(true);
  const [statusFilter, setStatusFilter] = useState<HostStatusFilter | null>(initialStatus);
  const router = useRouter();
  function filterStatus(next: HostStatusFilter | null) {
    setStatusFilter(next);
    // In the URL too: the filtered list can be linked and reloaded.
    router.replace(next ? `/hosts?status=${next}` : "/hosts", { scroll: false });
  }
  const [removing, setRemoving] = useState<HostRow | null>(null);
  const remove = useMutation(
    trpc.hosts.remove.mutationOptions({
      onSuccess: async () => {
        setRemoving(null);
        await queryClient.invalidateQueries(trpc.hosts.list.pathFilter());
      },
    }),
  );
  const all = hosts.data ?? [];
  const active = all.filter((h) => !h.revokedAt);
  const revoked = all.length - active.length;
  const shown = showRevoked ? all : active;
  const list = statusFilter === null ? shown : all.filter((h) => (statusFilter === "revoked" ? !!h.revokedAt : !h.revokedAt && h.status === statusFilter));
  // Selected rows (a bulk bar acts on them); hosts that left the list (or were revoked) drop out.
  const [picked, setSelected] = useState<Set<string>>(new Set());
  const selected = new Set(active.filter((h) => picked.has(h.id)).map((h) => h.id));
  const online = active.filter((h) => h.status === "online").length;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-xl font-semibold text-white">Hosts</h1>
        {hosts.data && (
          <span className="text-sm text-zinc-400">
            {online} of {active.length} online{revoked > 0 && `, ${revoked} revoked`}
          </span>
        )}
        <label className="ml-auto flex items-center gap-1.5 text-xs text-zinc-400">
          Status
          <select
            value={statusFilter ?? ""}
            onChange={(e) => filterStatus(hostStatusFilterOf(e.target.value))}
            data-testid="hosts-status-filter"
            className="rounded bg-zinc-900 px-2 py-1 text-xs text-zinc-200 ring-1 ring-zinc-700"
          >
            <option value="">any</option>
            {HOST_STATUS_FILTERS.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1.5 text-xs text-zinc-400">
          <input type="checkbox" checked={showRevoked} onChange={(e) => setShowRevoked(e.target.checked)} />
          Show revoked hosts
        </label>
        <span>
          <LiveIndicator />
        </span>
      </div>
      {canManage && <AddHost />}
      <QueryError error={hosts.error} />
      {hosts.data && active.length > 0 && online === 0 && (
        <div role="alert" className="rounded border border-amber-700/60 bg-amber-950/40 px-4 py-3 text-sm text-amber-200">
          No engine is reachable: every host is offline. Their last-known state is shown below.
        </div>
      )}
      <BulkActionBar selection={{ kind: "hosts", hostIds: [...selected] }} onClear={() => setSelected(new Set())} />
      <HostsTable
        hosts={list}
        selected={selected}
        onSelectedChange={setSelected}
        onRemove={canManage ? (h) => (remove.reset(), setRemoving(h)) : undefined}
        empty={
          hosts.isPending ? (
            <p className="px-4 py-8 text-center text-sm text-zinc-500">Loading hosts…</p>
          ) : hosts.data && list.length === 0 && statusFilter !== null ? (
            <p className="px-4 py-8 text-center text-sm text-zinc-400">No host is {statusFilter}.</p>
          ) : hosts.data && list.length === 0 ? (
            <p className="px-4 py-8 text-center text-sm text-zinc-400">
              No Docker engine is connected. Start the server next to a Docker engine, or enroll an agent.
            </p>
          ) : null
        }
      />
      {removing && (
        <ConfirmDialog title={`Remove host ${removing.name}?`} confirmLabel="Remove" danger onCancel={() => setRemoving(null)} onConfirm={() => remove.mutate({ hostId: removing.id })}>
          {remove.error && <ErrorBanner message={remove.error.message} />}
          The host, its last-known state and its grants are deleted; its agent stays refused.
        </ConfirmDialog>
      )}
    </div>
  );
}
