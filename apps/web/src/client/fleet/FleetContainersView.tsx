"use client";
import { startTransition, useCallback, useRef, useState } from "react";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { useFleetLive } from "../fleet-live";
import { useDelayed } from "../use-delayed";
import { FleetFilters, type FleetFilterValues } from "./FleetFilters";
import { FleetContainersTable, rowTarget, type FleetOrder } from "./FleetContainersTable";
import { FLEET_FIRST_PAGE } from "./first-page";
import { togglePage, toggleTarget, type FleetTarget } from "./selection";
import { searchOfFilters } from "./url-filters";
import { LiveIndicator } from "../components/LiveIndicator";
import { BulkActionBar } from "../components/BulkActionBar";
import { Button, QueryError } from "../components/ui";
import { NoAccessNotice } from "../components/NoAccessNotice";
import { useAnywherePermissions } from "../permissions";
import { useAvailableUpdates } from "../updates/use-update-status";

const PAGE_SIZES = [25, 50, 100, 200];

interface ViewState {
  filters: FleetFilterValues;
  order: FleetOrder;
  page: number;
  pageSize: number;
}

/** The page's query; sent on its own (not batched), so it leaves the moment it is asked for. */
const containersQuery = (trpc: ReturnType<typeof useTRPC>, v: ViewState) =>
  trpc.fleet.containers.queryOptions({ ...v.filters, ...v.order, page: v.page, pageSize: v.pageSize }, { trpc: { context: { skipBatch: true } } });

/**
 * The fleet's containers, for a user who may view containers on some host; anyone else is told so,
 * and nothing is asked for them that the server would only refuse (and record as a denial).
 */
export function FleetContainersView({ initialFilters }: { initialFilters: FleetFilterValues }) {
  const may = useAnywherePermissions();
  if (!may.has("container.view")) {
    return (
      <div className="space-y-3">
        <h1 className="text-xl font-semibold text-white">Containers</h1>
        <NoAccessNotice testId="fleet-not-allowed" detail="Listing containers needs permission container.view on a host.">
          {may.has("host.view") ? "You may not view the containers of any host — ask an admin for a grant." : undefined}
        </NoAccessNotice>
      </div>
    );
  }
  return <FleetContainers initialFilters={initialFilters} hostFilters={may.has("host.view")} />;
}

/**
 * Containers across every host the user may see, read from the hosts' state snapshots: filtered,
 * sorted and paged by the server, so it stays fast at tens of thousands of containers, and an
 * offline host shows its last-known containers with their age. Refreshed by `fleet:changed` pushes.
 * Its first page arrives with the HTML (rendered on the server), later ones are fetched here.
 */
function FleetContainers({ initialFilters, hostFilters }: { initialFilters: FleetFilterValues; hostFilters: boolean }) {
  const trpc = useTRPC();
  useFleetLive();
  const queryClient = useQueryClient();
  const [view, setView] = useState<ViewState>({ filters: initialFilters, order: { sort: FLEET_FIRST_PAGE.sort, direction: FLEET_FIRST_PAGE.direction }, page: FLEET_FIRST_PAGE.page, pageSize: FLEET_FIRST_PAGE.pageSize });
  const { order, page, pageSize } = view;
  const current = useRef(view);
  // The selection bulk actions take: containers across hosts, by value (survives paging and refetches).
  const [targets, setTargets] = useState<FleetTarget[]>([]);

  /**
   * Shows another page/filter/sort. Its request leaves first; the page re-renders in a transition,
   * which yields to the browser, so the request is on the wire while React works (a render in the
   * input event itself held the request back until it finished: ~20 ms of a filter). `urgent` for
   * a change a control of this component shows (a controlled select must not lag its own value).
   */
  const show = useCallback(
    (change: Partial<ViewState>, urgent = false) => {
      const next = { ...current.current, ...change };
      current.current = next;
      void queryClient.prefetchQuery(containersQuery(trpc, next));
      if (urgent) setView(next);
      else startTransition(() => setView(next));
    },
    [queryClient, trpc],
  );
  const onFilters = useCallback(
    (next: FleetFilterValues) => {
      show({ filters: next, page: 1 });
      // In the URL, so the view can be linked and reloaded as it is (no navigation: nothing re-renders).
      window.history.replaceState(window.history.state, "", `${window.location.pathname}${searchOfFilters(next)}`);
    },
    [show],
  );
  const onOrder = useCallback((next: FleetOrder) => show({ order: next, page: 1 }), [show]);
  const onToggle = useCallback((t: FleetTarget) => setTargets((selected) => toggleTarget(selected, t)), []);

  const result = useQuery({ ...containersQuery(trpc, view), placeholderData: keepPreviousData });
  const data = result.data;
  const slow = useDelayed(result.isFetching, 300);
  const rows = data?.rows ?? [];
  const updates = useAvailableUpdates();
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <div className="space-y-3">
      <div className="flex items-baseline gap-3">
        <h1 className="text-xl font-semibold text-white">Containers</h1>
        <span className="text-sm text-zinc-400" data-testid="fleet-total">
          {data ? `${data.total.toLocaleString("en")} container${data.total === 1 ? "" : "s"}` : ""}
        </span>
        {slow && <span className="text-xs text-zinc-500">refreshing…</span>}
        <span className="ml-auto">
          <LiveIndicator />
        </span>
      </div>
      <FleetFilters initial={initialFilters} onChange={onFilters} hostFilters={hostFilters} />
      <BulkActionBar selection={{ kind: "containers", targets }} onClear={() => setTargets([])} />
      <QueryError error={result.error} />
      <FleetContainersTable
        rows={rows}
        order={order}
        onOrder={onOrder}
        targets={targets}
        onToggle={onToggle}
        onTogglePage={() => setTargets((selected) => togglePage(selected, rows.map(rowTarget)))}
        updates={updates}
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
        <Button onClick={() => show({ page: Math.max(1, current.current.page - 1) })} disabled={page <= 1} data-testid="page-prev">
          Previous
        </Button>
        <span data-testid="fleet-page">
          page {page} of {pages.toLocaleString("en")}
        </span>
        <Button onClick={() => show({ page: Math.min(pages, current.current.page + 1) })} disabled={page >= pages} data-testid="page-next">
          Next
        </Button>
        <select
          aria-label="Rows per page"
          value={pageSize}
          onChange={(e) => show({ pageSize: Number(e.target.value), page: 1 }, true)}
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
