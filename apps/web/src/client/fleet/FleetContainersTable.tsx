"use client";
import { useRouter } from "next/navigation";
import { memo, useCallback, useRef, type MouseEvent, type ReactNode } from "react";
import type { FleetContainerRow } from "@dockmaster/core";
import { Ago } from "../components/Ago";
import { HostStatusBadge } from "../components/HostStatusBadge";
import { ContainerCells } from "../components/ContainerCells";
import { isSelected, type FleetTarget } from "./selection";
import { useVisibleRows } from "./use-visible-rows";
import { useStatusNow } from "../status/use-status-now";
import { UpdateBadge } from "../updates/UpdateBadge";

export type FleetSort = "name" | "host" | "state" | "image" | "created";
export interface FleetOrder {
  sort: FleetSort;
  direction: "asc" | "desc";
}

/** One row as fleet.containers returns it (dates arrive as Dates through superjson). */
export type FleetRow = FleetContainerRow;

export const rowTarget = (r: FleetRow): FleetTarget => ({ hostId: r.hostId, containerId: r.id, name: r.name });

function SortHeader({ label, sort, order, onOrder }: { label: string; sort: FleetSort; order: FleetOrder; onOrder: (o: FleetOrder) => void }) {
  const active = order.sort === sort;
  const next: FleetOrder = { sort, direction: active && order.direction === "asc" ? "desc" : "asc" };
  return (
    <th className="px-3 py-2 font-medium" aria-sort={active ? (order.direction === "asc" ? "ascending" : "descending") : "none"}>
      <button type="button" onClick={() => onOrder(next)} className={`uppercase tracking-wide hover:text-white ${active ? "text-sky-300" : ""}`} data-testid={`sort-${sort}`}>
        {label}
        {active ? (order.direction === "asc" ? " ↑" : " ↓") : ""}
      </button>
    </th>
  );
}

function Th({ children }: { children?: ReactNode }) {
  return <th className="px-3 py-2 font-medium">{children}</th>;
}

const TEXT_FIELDS = ["hostId", "id", "name", "hostName", "hostStatus", "image", "state", "status", "ports"] as const;
const time = (d: Date | null) => d?.getTime() ?? null;

/** Same row, same selection: a re-render of the page (a filter typed, a refetch of the same rows) skips it. */
function sameRow(a: RowProps, b: RowProps): boolean {
  if (a.selected !== b.selected || a.hasUpdate !== b.hasUpdate || a.onToggle !== b.onToggle || a.index !== b.index || a.measure !== b.measure) return false;
  const [x, y] = [a.row, b.row];
  // Dates arrive as new objects with every response: compared by value.
  return x === y || (TEXT_FIELDS.every((k) => x[k] === y[k]) && time(x.created) === time(y.created) && time(x.knownAt) === time(y.knownAt) && time(x.statusAt) === time(y.statusAt));
}

interface RowProps {
  row: FleetRow;
  /** Position in the page (the virtualizer's key for its measured height). */
  index: number;
  measure: (row: Element | null) => void;
  selected: boolean;
  /** The update check marks its image "update available". */
  hasUpdate: boolean;
  onToggle: (t: FleetTarget) => void;
}

const FleetRowView = memo(function FleetRowView({ row: r, index, measure, selected, hasUpdate, onToggle }: RowProps) {
  // The snapshot's "Up 5 seconds" was true when read: counted on from then, every second.
  const status = useStatusNow(r.status, r.statusAt);
  return (
    <tr ref={measure} data-index={index} aria-rowindex={index + 2} data-testid="fleet-row" data-container-name={r.name} data-host-name={r.hostName} className="hover:bg-zinc-900/70">
      <td className="px-3 py-1.5">
        <input type="checkbox" aria-label={`Select ${r.name} on ${r.hostName}`} checked={selected} onChange={() => onToggle(rowTarget(r))} />
      </td>
      <td className="px-3 py-1.5">
        <a href={`/hosts/${r.hostId}/containers/${r.id}`} title={r.name} className="block truncate font-medium text-sky-300 hover:underline">
          {r.name}
        </a>
        <div className="mono text-[11px] text-zinc-500">
          {r.id.slice(0, 12)} {hasUpdate && <UpdateBadge status={{ state: "available" }} />}
        </div>
      </td>
      <td className="px-3 py-1.5">
        <div className="flex items-center gap-2 whitespace-nowrap">
          <a href={`/hosts/${r.hostId}`} title={r.hostName} className="truncate text-zinc-200 hover:underline">
            {r.hostName}
          </a>
          <HostStatusBadge status={r.hostStatus === "online" ? "online" : "offline"} />
        </div>
        {r.hostStatus !== "online" && (
          <div className="text-[11px] text-amber-300/80" data-testid="known-at">
            last known <Ago date={r.knownAt} />
          </div>
        )}
      </td>
      <ContainerCells image={r.image} state={r.state} status={status} ports={r.ports} created={r.created} />
    </tr>
  );
}, sameRow);

/** The page of containers: selectable rows, sortable headers, host status with the state's age for an offline host. */
export function FleetContainersTable({
  rows,
  order,
  onOrder,
  targets,
  onToggle,
  onTogglePage,
  empty,
  updates,
}: {
  rows: FleetRow[];
  order: FleetOrder;
  onOrder: (o: FleetOrder) => void;
  targets: readonly FleetTarget[];
  onToggle: (t: FleetTarget) => void;
  onTogglePage: () => void;
  empty: ReactNode;
  /** "hostId containerId" of the containers with an update available. */
  updates: ReadonlySet<string>;
}) {
  const router = useRouter();
  // Row links are plain anchors; this one handler makes a plain click an in-app navigation (a
  // modified or middle click stays the browser's: new tab, new window). A next/link per cell cost
  // each new page of rows a hundred components' hooks and effects.
  const navigate = useCallback(
    (e: MouseEvent<HTMLElement>) => {
      const link = e.target instanceof Element ? e.target.closest("a[href]") : null;
      if (!link || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      router.push(link.getAttribute("href")!);
    },
    [router],
  );
  const body = useRef<HTMLTableSectionElement>(null);
  const visible = useVisibleRows(rows.length, body);
  const pageSelected = rows.length > 0 && rows.every((r) => isSelected(targets, { hostId: r.hostId, containerId: r.id }));
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-800">
      {/* Fixed layout, widths from the colgroup: a new page of rows is laid out without measuring
          every cell's text first (auto layout spent ~50 ms of a filter on the 400 cells). Cells clip
          what does not fit; names, images and ports carry their full text as a tooltip. */}
      <table aria-rowcount={rows.length + 1} className="w-full min-w-[64rem] table-fixed text-left text-sm [&_td]:overflow-hidden [&_td]:text-ellipsis" data-testid="fleet-table">
        <colgroup>
          <col className="w-10" />
          <col className="w-[19%]" />
          <col className="w-[17%]" />
          <col className="w-[18%]" />
          <col className="w-24" />
          <col />
          <col className="w-[15%]" />
          <col className="w-28" />
        </colgroup>
        <thead className="bg-zinc-900 text-xs uppercase tracking-wide text-zinc-400">
          <tr>
            <th className="w-8 px-3 py-2">
              <input type="checkbox" aria-label="Select this page" checked={pageSelected} onChange={onTogglePage} data-testid="select-page" />
            </th>
            <SortHeader label="Name" sort="name" order={order} onOrder={onOrder} />
            <SortHeader label="Host" sort="host" order={order} onOrder={onOrder} />
            <SortHeader label="Image" sort="image" order={order} onOrder={onOrder} />
            <SortHeader label="State" sort="state" order={order} onOrder={onOrder} />
            <Th>Status</Th>
            <Th>Ports</Th>
            <SortHeader label="Created" sort="created" order={order} onOrder={onOrder} />
          </tr>
        </thead>
        {/* Row links do not prefetch: a page of rows would have the server render 100 routes, competing with the page's own queries. */}
        <tbody ref={body} className="divide-y divide-zinc-800/80" onClick={navigate}>
          {/* Only the rows near the window are in the DOM (useVisibleRows); spacers keep the page's
              height. Keyed by position: another page or filter updates those rows' DOM in place
              instead of replacing it (half the render time of a filter); rows hold no state of their own. */}
          {visible.spaceBefore > 0 && <tr aria-hidden style={{ height: visible.spaceBefore }} />}
          {visible.items.map(({ index }) => {
            const r = rows[index];
            return r && <FleetRowView key={index} index={index} measure={visible.measure} row={r} selected={isSelected(targets, { hostId: r.hostId, containerId: r.id })} hasUpdate={updates.has(`${r.hostId} ${r.id}`)} onToggle={onToggle} />;
          })}
          {visible.spaceAfter > 0 && <tr aria-hidden style={{ height: visible.spaceAfter }} />}
        </tbody>
      </table>
      {empty}
    </div>
  );
}
