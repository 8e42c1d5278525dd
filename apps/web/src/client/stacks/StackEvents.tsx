"use client";
import { useMemo } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { useLiveEvents } from "../events-live";
import { Button, ErrorBanner, Table } from "../components/ui";
import { projectEventText } from "./project-containers";

/**
 * The engine events of a stack's containers, networks and volumes on one host: the events history
 * filtered by the compose project label, newest first, with new ones pushed live.
 */
export function StackEvents({ hostId, project }: { hostId: string; project: string }) {
  const trpc = useTRPC();
  const filter = { hostId, text: projectEventText(project) };
  const filterKey = JSON.stringify(filter);
  const events = useInfiniteQuery(trpc.events.list.infiniteQueryOptions({ ...filter, limit: 100 }, { getNextPageParam: (last) => last.nextCursor ?? undefined }));
  const live = useLiveEvents([hostId], filter, filterKey);
  const rows = useMemo(() => {
    const stored = (events.data?.pages ?? []).flatMap((p) => p.items.map((e) => ({ ...e, key: `${e.hostId}:${e.seq}` })));
    const seen = new Set(stored.map((r) => r.key));
    return [...live.filter((r) => !seen.has(r.key)), ...stored].sort((a, b) => b.time.getTime() - a.time.getTime());
  }, [events.data, live]);
  return (
    <div className="space-y-2">
      {events.error && <ErrorBanner message={events.error.message} />}
      <Table head={["Time", "Type", "Action", "Actor", "Service"]} empty={events.data && rows.length === 0 ? <p className="px-4 py-8 text-center text-sm text-zinc-500">No events of {project} yet.</p> : null}>
        {rows.map((e) => (
          <tr key={e.key} data-testid="stack-event" data-action={e.action}>
            <td className="whitespace-nowrap px-3 py-1.5 text-xs text-zinc-400">{e.time.toLocaleString()}</td>
            <td className="px-3 py-1.5 text-xs text-zinc-300">{e.type}</td>
            <td className="mono px-3 py-1.5 text-xs">{e.action}</td>
            <td className="mono px-3 py-1.5 text-xs text-zinc-200">{e.actorName || e.actorId.slice(0, 12)}</td>
            <td className="mono px-3 py-1.5 text-xs text-zinc-400">{e.attributes["com.docker.compose.service"] ?? ""}</td>
          </tr>
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
