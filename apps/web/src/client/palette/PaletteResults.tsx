"use client";
import type { ReactNode } from "react";
import { Command } from "cmdk";
import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@dockmaster/api";
import { useTRPC } from "../trpc";
import { useAnywherePermissions } from "../permissions";
import { useDebounced } from "../use-debounced";
import { errorMessage } from "../components/ui";
import { matchesTyped } from "./palette-open-key";

type Found = inferRouterOutputs<AppRouter>["fleet"]["search"];
type FoundContainer = Found["containers"][number];

const ITEM = "flex cursor-pointer items-baseline gap-2 rounded px-3 py-2 text-sm text-zinc-200 data-[selected=true]:bg-zinc-800 data-[selected=true]:text-white";
const GROUP = "px-1 py-1 [&_[cmdk-group-heading]]:px-3 [&_[cmdk-group-heading]]:py-1 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:text-zinc-400";
const WHERE = "text-xs text-zinc-400";

/**
 * What the palette offers for what was typed: the pages the user may open, and from the server's
 * fleet search (fleet.search: only what the user may see, each kind on the hosts where they hold
 * its view permission) hosts, containers, images, networks, volumes and stacks. Each container
 * comes with the actions the user may run on its host — restart, logs, terminal — and none other
 * (the server checks again when one is run).
 */
export function PaletteResults({ typed, pages, go }: { typed: string; pages: Array<{ href: string; label: string }>; go: (href: string) => void }) {
  const trpc = useTRPC();
  const may = useAnywherePermissions();
  const search = useDebounced(typed.trim(), 120);
  const found = useQuery(trpc.fleet.search.queryOptions({ text: search }, { enabled: search !== "" && may.has("host.view"), placeholderData: (previous) => previous }));
  const restart = useMutation(trpc.containers.restart.mutationOptions());
  const shownPages = pages.filter((p) => matchesTyped(p.label, typed));
  const f: Found | undefined = search === "" ? undefined : found.data;
  const restarting = restart.variables && (f?.containers.find((c) => c.hostId === restart.variables.hostId && c.id === restart.variables.id)?.name ?? "the container");
  return (
    <>
      {!restart.isIdle && (
        <p role="status" data-testid="palette-status" className={`border-b border-zinc-800 px-4 py-2 text-xs ${restart.isError ? "text-rose-300" : "text-zinc-300"}`}>
          {restart.isPending ? `Restarting ${restarting}…` : restart.isError ? `Restart refused: ${errorMessage(restart.error)}` : `Restarted ${restarting}.`}
        </p>
      )}
      <Command.List className="max-h-96 overflow-y-auto p-1">
        <Command.Empty className="px-3 py-6 text-center text-sm text-zinc-400">{found.isFetching ? "Searching…" : "Nothing matches."}</Command.Empty>
        <Group heading="Pages" items={shownPages}>
          {(p) => (
            <Command.Item key={p.href} value={`page ${p.href}`} onSelect={() => go(p.href)} className={ITEM}>
              {p.label}
            </Command.Item>
          )}
        </Group>
        <Group heading="Hosts" items={f?.hosts}>
          {(h) => (
            <Command.Item key={h.id} value={`host ${h.id}`} onSelect={() => go(`/hosts/${h.id}`)} className={ITEM} data-testid="palette-host">
              {h.name}
              <span className={WHERE}>{h.status}</span>
            </Command.Item>
          )}
        </Group>
        <Group heading="Containers" items={f?.containers}>
          {(c) => <PaletteContainer key={`${c.hostId}/${c.id}`} container={c} go={go} restart={() => restart.mutate({ hostId: c.hostId, id: c.id })} />}
        </Group>
        <Group heading="Stacks" items={f?.stacks}>
          {(s) => (
            <Command.Item key={s.id} value={`stack ${s.id}`} onSelect={() => go(`/stacks/${s.id}?host=${s.hostId}`)} className={ITEM} data-testid="palette-stack">
              {s.name}
              <span className={WHERE}>on {s.hostName}</span>
            </Command.Item>
          )}
        </Group>
        <Group heading="Images" items={f?.images}>
          {(i) => (
            <Command.Item key={`${i.hostId}/${i.id}`} value={`image ${i.hostId} ${i.id}`} onSelect={() => go(`/hosts/${i.hostId}/images/${encodeURIComponent(i.id)}`)} className={ITEM} data-testid="palette-image">
              {i.name}
              <span className={WHERE}>on {i.hostName}</span>
            </Command.Item>
          )}
        </Group>
        <Group heading="Networks" items={f?.networks}>
          {(n) => (
            <Command.Item key={`${n.hostId}/${n.id}`} value={`network ${n.hostId} ${n.id}`} onSelect={() => go(`/hosts/${n.hostId}/networks/${n.id}`)} className={ITEM} data-testid="palette-network">
              {n.name}
              <span className={WHERE}>on {n.hostName}</span>
            </Command.Item>
          )}
        </Group>
        <Group heading="Volumes" items={f?.volumes}>
          {(v) => (
            <Command.Item key={`${v.hostId}/${v.name}`} value={`volume ${v.hostId} ${v.name}`} onSelect={() => go(`/hosts/${v.hostId}/volumes`)} className={ITEM} data-testid="palette-volume">
              {v.name}
              <span className={WHERE}>on {v.hostName}</span>
            </Command.Item>
          )}
        </Group>
      </Command.List>
    </>
  );
}

function Group<T>({ heading, items, children }: { heading: string; items: T[] | undefined; children: (item: T) => ReactNode }) {
  if (!items || items.length === 0) return null;
  return (
    <Command.Group heading={heading} className={GROUP}>
      {items.map(children)}
    </Command.Group>
  );
}

/** A container, and the actions its host lets the user run on it. */
function PaletteContainer({ container: c, go, restart }: { container: FoundContainer; go: (href: string) => void; restart: () => void }) {
  const base = `/hosts/${c.hostId}/containers/${c.id}`;
  return (
    <>
      <Command.Item value={`container ${c.hostId} ${c.id}`} onSelect={() => go(base)} className={ITEM} data-testid="palette-container">
        <span className="font-medium">{c.name}</span>
        <span className={WHERE}>
          on {c.hostName} · {c.state}
        </span>
      </Command.Item>
      {c.may.logs && (
        <Command.Item value={`logs ${c.hostId} ${c.id}`} onSelect={() => go(`${base}/logs`)} className={ITEM} data-testid="palette-container-logs">
          <span>Logs of {c.name}</span>
          <span className={WHERE}>on {c.hostName}</span>
        </Command.Item>
      )}
      {c.may.terminal && c.state === "running" && (
        <Command.Item value={`terminal ${c.hostId} ${c.id}`} onSelect={() => go(`${base}/terminal`)} className={ITEM} data-testid="palette-container-terminal">
          <span>Terminal in {c.name}</span>
          <span className={WHERE}>on {c.hostName}</span>
        </Command.Item>
      )}
      {c.may.restart && (
        <Command.Item value={`restart ${c.hostId} ${c.id}`} onSelect={restart} className={ITEM} data-testid="palette-container-restart">
          <span>Restart {c.name}</span>
          <span className={WHERE}>on {c.hostName}</span>
        </Command.Item>
      )}
    </>
  );
}
