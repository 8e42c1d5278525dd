"use client";
import { useCallback, useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../../src/client/trpc";
import { useFleetLive } from "../../../src/client/fleet-live";
import { FleetFilters, type FleetFilterValues } from "../../../src/client/fleet/FleetFilters";
import { FleetContainersTable, rowTarget, type FleetOrder } from "../../../src/client/fleet/FleetContainersTable";
import { togglePage, toggleTarget, type FleetTarget } from "../../../src/client/fleet/selection";
import { LiveIndicator } from "../../../src/client/components/LiveIndicator";
import { BulkActionBar } from "../../../src/client/components/BulkActionBar";
import { Button, QueryError } from "../../../src/client/components/ui";

const PAGE_SIZES = [25, 50, 100, 200];

/**
 * Containers across every host the user may see, read from the hosts' state snapshots: filtered,
 * sorted and paged by the server, so it stays fast at tens of thousands of containers, and an
 * offline host shows its last-known containers with their age. Refreshed by `fleet:changed` pushes.
 */
export default function FleetContainersPage() {
  const trpc = useTRPC();
  useFleetLive();
  const [filters, setFilters] = useState<FleetFilterValues>({});
  const [order, setOrder] = useState<FleetOrder>({ sort: "name", direction: "asc" });
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  // The selection bulk actions take: containers across hosts, by value (survives paging and refetches).
  const [targets, setTargets] = useState<FleetTarget[]>([]);

  const onFilters = useCallback((next: FleetFilterValues) => {
    setFilters(next);
    setPage(1);
  }, []);
  const onOrder = useCallback((next: FleetOrder) => {
    setOrder(next);
    setPage(1);
  }, []);

  const result = useQuery({ ...trpc.fleet.containers.queryOptions({ ...filters, ...order, page, pageSize }), placeholderData: keepPreviousData });
  const data = result.data;
  const rows = data?.rows ?? [];
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <div className="space-y-3">
      <div className="flex items-baseline gap-3">
        <h1 className="text-xl font-semibold text-white">Containers</h1>
        <span className="text-sm text-zinc-400" data-testid="fleet-total">
          {data ? `${data.total.toLocaleString("en")} container${data.total === 1 ? "" : "s"}` : ""}
        </span>
        {result.isFetching && <span className="text-xs text-zinc-500">refreshing…</span>}
        <span className="ml-auto">
          <LiveIndicator />
        </span>
      </div>
      <FleetFilters value={filters} onChange={onFilters} />
      <BulkActionBar selection={{ kind: "containers", targets }} onClear={() => setTargets([])} />
      <QueryError error={result.error} />
      <FleetContainersTable
        rows={rows}
        order={order}
        onOrder={onOrder}
        targets={targets}
        onToggle={(t) => setTargets((current) => toggleTarget(current, t))}
        onTogglePage={() => setTargets((current) => togglePage(current, rows.map(rowTarget)))}
        empty={
          result.isPending ? (
            <p className="px-4 py-8 text-center text-sm text-zinc-500">Loading containers…</p>
          ) : data && rows.length === 0 ? (
            <p className="px-4 py-8 text-center text-sm text-zinc-400" data-testid="fleet-empty">
              {data.total === 0 ? "No container matches." : "This page is empty."}
            </p>
          ) : null
        }
      />
      <div className="flex items-center gap-3 text-sm text-zinc-400">
        <Button onClick={() => setPage((p) => Math.max(1, p - 1))} disabled={page <= 1} data-testid="page-prev">
          Previous
        </Button>
        <span data-testid="fleet-page">
          page {page} of {pages.toLocaleString("en")}
        </span>
        <Button onClick={() => setPage((p) => Math.min(pages, p + 1))} disabled={page >= pages} data-testid="page-next">
          Next
        </Button>
        <select
          aria-label="Rows per page"
          value={pageSize}
          onChange={(e) => {
            setPageSize(Number(e.target.value));
            setPage(1);
          }}
          className="ml-auto rounded border border-zinc-700 bg-zinc-950 px-2 py-1 text-sm"
        >
          {PAGE_SIZES.map((n) => (
            <option key={n} value={n}>
              {n} per page
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
