"use client";
import { useMemo, useState } from "react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { RELAY_EVENT_TYPE, RESYNC_ACTION } from "@dockmaster/protocol";
import { useTRPC } from "../trpc";
import { useAnywherePermissions } from "../permissions";
import { hostMatches, useLiveEvents, type EventRow } from "../events-live";
import { resyncGapView } from "../events-resync";
import { SelectField, TextField } from "./forms";
import { NoAccessNotice } from "./NoAccessNotice";
import { Badge, Button, ErrorBanner, Table } from "./ui";

const TYPES = ["container", "image", "network", "volume", "daemon", "plugin", "service", "node", "secret", "config", RELAY_EVENT_TYPE];

type HistoryRow = { kind: "history"; key: string; hostId: string; time: Date; what: string; reason: string | null };
type Line = ({ kind: "event" } & EventRow) | HistoryRow;

/** A datetime-local value ("2026-12-02T13:05") as a Date, or undefined. */
const localDate = (value: string) => (value ? new Date(value) : undefined);

/**
 * The engine events history of one host, or of every host the user may view. A user who may view
 * no host at all is told so, and nothing is asked that would only be refused (and recorded).
 */
export function EventsView({ hostId }: { hostId?: string }) {
  const may = useAnywherePermissions();
  if (!hostId && !may.has("host.view")) {
    return <NoAccessNotice testId="events-not-allowed" detail="Engine events are shown for the hosts you may view (permission host.view)." />;
  }
  return <EventsHistory hostId={hostId} />;
}

/**
 * Filters, newest first with "Load older" (keyset pages), new events appended live from
 * `host:event`, resync markers and host history (online, offline, degraded …) shown apart, CSV /
 * JSON export.
 */
function EventsHistory({ hostId: pageHostId }: { hostId?: string }) {
  const trpc = useTRPC();
  // Fleet-wide (no host page around it): which hosts, by host, host group or host label.
  const [pickedHost, setPickedHost] = useState("");
  const [hostGroupId, setHostGroupId] = useState("");
  const [hostLabel, setHostLabel] = useState("");
  const hostId = pageHostId ?? (pickedHost || undefined);
  const hostFilter = pageHostId ? {} : { hostGroupId: hostGroupId || undefined, hostLabel: hostLabel.trim() || undefined };
  const [type, setType] = useState("");
  const [action, setAction] = useState("");
  const [container, setContainer] = useState("");
  const [image, setImage] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [text, setText] = useState("");
  const filter = { hostId, ...hostFilter, type: type || undefined, action: action.trim() || undefined, container: container.trim() || undefined, image: image.trim() || undefined, from: localDate(from), to: localDate(to), text: text.trim() || undefined };
  const filterKey = JSON.stringify(filter);
  const events = useInfiniteQuery(trpc.events.list.infiniteQueryOptions({ ...filter, limit: 100 }, { getNextPageParam: (last) => last.nextCursor ?? undefined }));
  const hosts = useQuery(trpc.hosts.list.queryOptions());
  const groups = useQuery({ ...trpc.hostGroups.list.queryOptions(), enabled: !pageHostId });
  const hostName = new Map((hosts.data ?? []).map((h) => [h.id, h.name]));
  const liveHosts = pageHostId ? [pageHostId] : (hosts.data ?? []).filter((h) => hostMatches(h, { hostId, ...hostFilter })).map((h) => h.id);
  const live = useLiveEvents(liveHosts, filter, filterKey);

  const lines = useMemo(() => {
    const pages = events.data?.pages ?? [];
    const stored: Line[] = pages.flatMap((p) => p.items.map((e) => ({ kind: "event" as const, key: `${e.hostId}:${e.seq}`, ...e })));
    const history: Line[] = pages.flatMap((p) => p.history.map((h) => ({ kind: "history" as const, key: `h${h.id}`, hostId: h.hostId, time: h.time, what: h.kind, reason: h.reason })));
    const seen = new Set(stored.map((l) => l.key));
    const fresh: Line[] = live.filter((e) => !seen.has(e.key)).map((e) => ({ kind: "event" as const, ...e }));
    return [...fresh, ...stored, ...history].sort((a, b) => b.time.getTime() - a.time.getTime());
  }, [events.data, live]);

  const query = new URLSearchParams(Object.entries({ ...filter, from: filter.from?.toISOString(), to: filter.to?.toISOString() }).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""));
  return (
    <div className="space-y-4">
      {!pageHostId && (
        <div className="grid grid-cols-2 gap-3 md:grid-cols-3 lg:grid-cols-4" data-testid="events-host-filters">
          <SelectField label="Host" value={pickedHost} onChange={(e) => setPickedHost(e.target.value)}>
            <option value="">All hosts</option>
            {(hosts.data ?? []).map((h) => (
              <option key={h.id} value={h.id}>
                {h.name}
              </option>
            ))}
          </SelectField>
          <SelectField label="Host group" value={hostGroupId} onChange={(e) => setHostGroupId(e.target.value)}>
            <option value="">All groups</option>
            {(groups.data ?? []).map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </SelectField>
          <TextField label="Host label" value={hostLabel} onChange={(e) => setHostLabel(e.target.value)} placeholder="key or key=value" />
        </div>
      )}
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4 lg:grid-cols-7">
        <SelectField label="Type" value={type} onChange={(e) => setType(e.target.value)}>
          <option value="">any</option>
          {TYPES.map((t) => (
            <option key={t} value={t}>
              {t === RELAY_EVENT_TYPE ? "resync markers" : t}
            </option>
          ))}
        </SelectField>
        <TextField label="Action" value={action} onChange={(e) => setAction(e.target.value)} placeholder="die" />
        <TextField label="Container" value={container} onChange={(e) => setContainer(e.target.value)} placeholder="name or id" />
        <TextField label="Image" value={image} onChange={(e) => setImage(e.target.value)} placeholder="busybox:latest" />
        <TextField label="From" type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
        <TextField label="To" type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
        <TextField label="Search" value={text} onChange={(e) => setText(e.target.value)} placeholder="words, all must appear" />
      </div>
      <div className="flex items-center gap-2 text-xs">
        <span className="text-zinc-500">{live.length > 0 ? `${live.length} new since opened` : "New events appear here as they happen."}</span>
        <a className="ml-auto rounded bg-zinc-800 px-2.5 py-1 hover:bg-zinc-700" href={`/api/events/export?format=csv&${query.toString()}`}>
          Export CSV
        </a>
        <a className="rounded bg-zinc-800 px-2.5 py-1 hover:bg-zinc-700" href={`/api/events/export?format=json&${query.toString()}`}>
          Export JSON
        </a>
      </div>
      {events.error && <ErrorBanner message={events.error.message} />}
      <Table head={pageHostId ? ["Time", "Type", "Action", "Actor", "Details"] : ["Time", "Host", "Type", "Action", "Actor", "Details"]} empty={events.data && lines.length === 0 ? <p className="px-4 py-8 text-center text-sm text-zinc-500">No events match.</p> : null}>
        {lines.map((l) => (
          <EventLine key={l.key} line={l} hostName={pageHostId ? null : (hostName.get(l.hostId) ?? l.hostId)} />
        ))}
      </Table>
      {events.hasNextPage && (
        <Button onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage}>
          Load older
        </Button>
      )}
    </div>
  );
}

function EventLine({ line, hostName }: { line: Line; hostName: string | null }) {
  const time = <td className="whitespace-nowrap px-3 py-1.5 text-xs text-zinc-400">{line.time.toLocaleString()}</td>;
  const host = hostName !== null && <td className="px-3 py-1.5 text-xs text-zinc-300">{hostName}</td>;
  if (line.kind === "history") {
    return (
      <tr data-testid="event-history" className="bg-sky-950/30">
        {time}
        {host}
        <td className="px-3 py-1.5" colSpan={4}>
          <Badge tone={line.what === "online" ? "green" : line.what === "offline" ? "red" : "amber"}>host {line.what}</Badge>
          {line.reason && <span className="ml-2 text-xs text-zinc-400">{line.reason}</span>}
        </td>
      </tr>
    );
  }
  if (line.type === RELAY_EVENT_TYPE && line.action === RESYNC_ACTION) {
    const gap = resyncGapView(line.attributes);
    return (
      <tr data-testid="event-resync" className="bg-amber-950/30">
        {time}
        {host}
        <td className="px-3 py-1.5" colSpan={4}>
          <Badge tone="amber">resynced</Badge>
          <span className="ml-2 text-xs text-amber-200/80">
            {gap.window ? `Events may be missing ${gap.window}${gap.after ? `, ${gap.after}` : ""}` : "Events may be missing before this point"}; the host&apos;s state was re-read. {gap.reason}
          </span>
          {gap.lost && (
            <span className="ml-2 rounded bg-amber-900/60 px-1.5 py-0.5 text-xs text-amber-100" data-testid="event-resync-lost">
              {gap.lost}
            </span>
          )}
        </td>
      </tr>
    );
  }
  const details = Object.entries(line.attributes).filter(([k]) => k !== "name");
  return (
    <tr data-testid="event-row" data-type={line.type} data-action={line.action}>
      {time}
      {host}
      <td className="px-3 py-1.5 text-xs text-zinc-300">{line.type}</td>
      <td className="mono px-3 py-1.5 text-xs">{line.action}</td>
      <td className="mono px-3 py-1.5 text-xs text-zinc-200" title={line.actorId}>
        {line.actorName || line.actorId.slice(0, 12)}
      </td>
      <td className="mono max-w-md truncate px-3 py-1.5 text-xs text-zinc-500" title={details.map(([k, v]) => `${k}=${v}`).join("\n")}>
        {details.map(([k, v]) => `${k}=${v}`).join(" ")}
      </td>
    </tr>
  );
}
