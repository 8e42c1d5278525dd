"use client";
import { Command } from "cmdk";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { useAnywherePermissions } from "../permissions";
import { useDebounced } from "../use-debounced";
import { matchesTyped } from "./palette-open-key";

const ITEM = "flex cursor-pointer items-baseline gap-2 rounded px-3 py-2 text-sm text-zinc-200 data-[selected=true]:bg-zinc-800 data-[selected=true]:text-white";
const GROUP = "px-1 py-1 [&_[cmdk-group-heading]]:px-3 [&_[cmdk-group-heading]]:py-1 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:text-zinc-400";
/** Containers listed per answer: enough to pick from while typing, cheap for the server. */
const CONTAINER_LIMIT = 12;

/**
 * What the palette offers for what was typed: the pages the user may open, the hosts and the
 * containers they may view (from the server, which lists only those: hosts.list and the fleet
 * search), each container with its logs. A list the user may not read at all is not asked for.
 */
export function PaletteResults({ typed, pages, go }: { typed: string; pages: Array<{ href: string; label: string }>; go: (href: string) => void }) {
  const trpc = useTRPC();
  const may = useAnywherePermissions();
  const search = useDebounced(typed.trim(), 150);
  const hosts = useQuery(trpc.hosts.list.queryOptions(undefined, { enabled: may.has("host.view") }));
  const containers = useQuery(
    trpc.fleet.containers.queryOptions({ search, pageSize: CONTAINER_LIMIT }, { enabled: search !== "" && may.has("container.view"), placeholderData: (previous) => previous }),
  );
  const shownPages = pages.filter((p) => matchesTyped(p.label, typed));
  const shownHosts = (hosts.data ?? []).filter((h) => !h.revokedAt && matchesTyped(h.name, typed)).slice(0, 8);
  const rows = search === "" ? [] : (containers.data?.rows ?? []);
  return (
    <Command.List className="max-h-96 overflow-y-auto p-1">
      <Command.Empty className="px-3 py-6 text-center text-sm text-zinc-400">{containers.isFetching ? "Searching…" : "Nothing matches."}</Command.Empty>
      {shownPages.length > 0 && (
        <Command.Group heading="Pages" className={GROUP}>
          {shownPages.map((p) => (
            <Command.Item key={p.href} value={`page ${p.href}`} onSelect={() => go(p.href)} className={ITEM}>
              {p.label}
            </Command.Item>
          ))}
        </Command.Group>
      )}
      {shownHosts.length > 0 && (
        <Command.Group heading="Hosts" className={GROUP}>
          {shownHosts.map((h) => (
            <Command.Item key={h.id} value={`host ${h.id}`} onSelect={() => go(`/hosts/${h.id}`)} className={ITEM}>
              {h.name}
              <span className="text-xs text-zinc-400">{h.status}</span>
            </Command.Item>
          ))}
        </Command.Group>
      )}
      {rows.length > 0 && (
        <Command.Group heading="Containers" className={GROUP}>
          {rows.map((c) => (
            <PaletteContainer key={`${c.hostId}/${c.id}`} container={c} go={go} />
          ))}
        </Command.Group>
      )}
    </Command.List>
  );
}

function PaletteContainer({ container: c, go }: { container: { hostId: string; hostName: string; id: string; name: string; state: string }; go: (href: string) => void }) {
  const base = `/hosts/${c.hostId}/containers/${c.id}`;
  return (
    <>
      <Command.Item value={`container ${c.hostId} ${c.id}`} onSelect={() => go(base)} className={ITEM} data-testid="palette-container">
        <span className="font-medium">{c.name}</span>
        <span className="text-xs text-zinc-400">
          on {c.hostName} · {c.state}
        </span>
      </Command.Item>
      <Command.Item value={`logs ${c.hostId} ${c.id}`} onSelect={() => go(`${base}/logs`)} className={ITEM} data-testid="palette-container-logs">
        <span>Logs of {c.name}</span>
        <span className="text-xs text-zinc-400">on {c.hostName}</span>
      </Command.Item>
    </>
  );
}
