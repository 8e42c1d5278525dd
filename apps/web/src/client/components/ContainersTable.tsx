"use client";
import { useState } from "react";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { ContainerRow } from "./ContainerRow";
import { PHONE_HIDDEN_CONTAINER_COLUMNS } from "./ContainerCells";
import { useHostPermissions } from "../permissions";
import { useHostUpdateStatus } from "../updates/use-update-status";
import { ErrorBanner, QueryError, Table } from "./ui";

/** The host's containers (docker ps -a), refreshed by engine events only. */
export function ContainersTable({ hostId }: { hostId: string }) {
  const trpc = useTRPC();
  const containers = useQuery(trpc.containers.list.queryOptions({ hostId }));
  const may = useHostPermissions(hostId);
  const updates = useHostUpdateStatus(hostId, may.has("image.view"));
  const [actionError, setActionError] = useState<string | null>(null);
  const [filter, setFilter] = useState("");
  const all = containers.data ?? [];
  const needle = filter.trim().toLowerCase();
  const rows = all
    .filter((c) => !needle || c.name.toLowerCase().includes(needle) || c.image.toLowerCase().includes(needle))
    .sort((a, b) => b.created - a.created || a.name.localeCompare(b.name));
  const running = all.filter((c) => c.state === "running").length;
  // The status texts were true when this list arrived (a refetch on each container event).
  const statusAt = new Date(containers.dataUpdatedAt);
  return (
    <div className="space-y-3">
      {actionError && <ErrorBanner message={actionError} onClose={() => setActionError(null)} />}
      <QueryError error={containers.error} />
      <div className="flex flex-wrap items-center gap-3">
        <input
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder="Filter by name or image"
          aria-label="Filter containers"
          className="touch-target w-64 max-w-full rounded border border-zinc-700 bg-zinc-950 px-2.5 py-1 text-sm outline-none focus:border-sky-500"
        />
        {containers.data && (
          <span className="text-xs text-zinc-400">
            {all.length} container{all.length === 1 ? "" : "s"}, {running} running
          </span>
        )}
        {containers.isFetching && <span className="text-xs text-zinc-500">refreshing…</span>}
        {may.has("container.create") && (
          <Link href={`/hosts/${hostId}/containers/new`} data-testid="create-container" className="touch-target ml-auto inline-flex items-center rounded bg-sky-700 px-2.5 py-1 text-xs font-medium text-on-accent ring-1 ring-inset ring-sky-500 hover:bg-sky-600">
            Create container
          </Link>
        )}
      </div>
      <Table
        head={["Name", "Image", "State", "Status", "Ports", "Created", ""]}
        phoneHidden={PHONE_HIDDEN_CONTAINER_COLUMNS}
        empty={
          containers.isPending ? (
            <p className="px-4 py-8 text-center text-sm text-zinc-500">Listing containers…</p>
          ) : containers.data && rows.length === 0 ? (
            <p className="px-4 py-8 text-center text-sm text-zinc-400">{all.length === 0 ? "No containers on this host." : "No container matches the filter."}</p>
          ) : null
        }
      >
        {rows.map((c) => (
          <ContainerRow key={c.id} hostId={hostId} container={c} statusAt={statusAt} onError={setActionError} may={may} update={updates.containers.get(c.id)} />
        ))}
      </Table>
    </div>
  );
}
