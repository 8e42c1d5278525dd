"use client";
import type { ReactNode } from "react";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@dockmaster/api";
import { CONTAINER_STATES, type ContainerProblem } from "@dockmaster/protocol";
import { useTRPC } from "../trpc";
import { useAnywherePermissions } from "../permissions";
import { bytes } from "../format";
import { Ago } from "../components/Ago";
import { LiveIndicator } from "../components/LiveIndicator";
import { NoHostAccess } from "../hosts/NoHostAccess";
import { QueryError } from "../components/ui";
import { PROBLEM_LABELS } from "../fleet/problem-labels";
import { DiskChart, Donut, type Slice } from "./OverviewCharts";
import { useOverviewLive } from "./use-overview-live";

type Overview = inferRouterOutputs<AppRouter>["fleet"]["overview"];

/** Each state's colour: a CSS variable of the theme, and the same colour as a class for its legend swatch. */
const STATE_COLORS: Record<string, { color: string; swatch: string }> = {
  running: { color: "var(--color-emerald-500)", swatch: "bg-emerald-500" },
  exited: { color: "var(--color-zinc-500)", swatch: "bg-zinc-500" },
  paused: { color: "var(--color-amber-500)", swatch: "bg-amber-500" },
  restarting: { color: "var(--color-orange-500)", swatch: "bg-orange-500" },
  created: { color: "var(--color-sky-500)", swatch: "bg-sky-500" },
  removing: { color: "var(--color-violet-500)", swatch: "bg-violet-500" },
  dead: { color: "var(--color-rose-500)", swatch: "bg-rose-500" },
};
const HOST_COLORS = { online: STATE_COLORS.running!, degraded: STATE_COLORS.paused!, offline: STATE_COLORS.dead! };

/**
 * The home page: the fleet at a glance — hosts, containers by state, what is failing, disk and
 * what is reclaimable, updates, alerts, recent operations and denials. Every figure is a link to
 * the filtered list behind it. All of it is one server read (fleet.overview), limited to what the
 * user may see, and kept current by pushes (fleet:changed, host:status, alerts:changed), never polled.
 */
export function OverviewPage() {
  const may = useAnywherePermissions();
  if (!may.has("host.view")) return <NoHostAccess title="Overview" />;
  return <Figures />;
}

function Figures() {
  const trpc = useTRPC();
  useOverviewLive();
  const overview = useQuery(trpc.fleet.overview.queryOptions());
  const o = overview.data;
  return (
    <div className="space-y-5" data-testid="overview">
      <div className="flex items-baseline gap-3">
        <h1 className="text-xl font-semibold text-white">Overview</h1>
        <span className="ml-auto">
          <LiveIndicator />
        </span>
      </div>
      <QueryError error={overview.error} />
      {!o ? (
        overview.isPending && <p className="text-sm text-zinc-400">Loading the fleet…</p>
      ) : (
        <>
          <div className="grid gap-4 lg:grid-cols-2">
            <HostsPanel hosts={o.hosts} />
            {o.containers && <ContainersPanel containers={o.containers} />}
          </div>
          <Headline o={o} />
          <div className="grid gap-4 lg:grid-cols-2">
            {o.failures && <FailuresPanel failures={o.failures} />}
            {o.disk && <DiskPanel disk={o.disk} />}
            <OperationsPanel operations={o.operations} />
            {o.alerts && <AlertsPanel alerts={o.alerts} />}
            {o.denials && <DenialsPanel denials={o.denials} />}
          </div>
        </>
      )}
    </div>
  );
}

function Panel({ title, children, testId, aside }: { title: string; children: ReactNode; testId: string; aside?: ReactNode }) {
  return (
    <section className="rounded-lg border border-zinc-800 bg-zinc-900/60 p-4" data-testid={testId} aria-labelledby={`${testId}-title`}>
      <div className="flex items-baseline gap-2">
        <h2 id={`${testId}-title`} className="text-sm font-semibold text-zinc-200">
          {title}
        </h2>
        {aside && <span className="ml-auto text-xs text-zinc-400">{aside}</span>}
      </div>
      <div className="mt-3 text-sm">{children}</div>
    </section>
  );
}

/** A figure: a number and what it counts, as one link to the list it counts. */
function Figure({ href, value, label, testId, tone = "normal" }: { href: string; value: number | string; label: string; testId: string; tone?: "normal" | "bad" | "warn" }) {
  const color = tone === "bad" && value !== 0 ? "text-rose-300" : tone === "warn" && value !== 0 ? "text-amber-300" : "text-white";
  return (
    <Link href={href} data-testid={testId} data-value={value} className="group block rounded-lg border border-zinc-800 bg-zinc-900/60 px-4 py-3 hover:border-zinc-600 focus-visible:outline-2 focus-visible:outline-sky-500">
      <span className={`block text-2xl font-semibold tabular-nums ${color}`}>{value}</span>
      <span className="text-xs text-zinc-400 group-hover:text-zinc-200">{label}</span>
    </Link>
  );
}

/** A legend line: swatch, label and count, linked. */
function LegendLink({ href, label, value, swatch, testId }: { href: string; label: string; value: number; swatch: string; testId: string }) {
  return (
    <li>
      <Link href={href} data-testid={testId} data-value={value} className="flex items-center gap-2 rounded px-1 py-0.5 hover:bg-zinc-800">
        <span aria-hidden className={`inline-block h-2.5 w-2.5 rounded-sm ${swatch}`} />
        <span className="text-zinc-300">{label}</span>
        <span className="ml-auto tabular-nums text-zinc-100">{value}</span>
      </Link>
    </li>
  );
}

function HostsPanel({ hosts }: { hosts: Overview["hosts"] }) {
  const slices: Slice[] = (["online", "degraded", "offline"] as const).map((s) => ({ key: s, label: s, value: hosts[s], color: HOST_COLORS[s].color, href: `/hosts?status=${s}` }));
  return (
    <Panel title="Hosts" testId="overview-hosts" aside={<Link href="/hosts" className="hover:text-white">{hosts.total} in all</Link>}>
      <div className="flex items-center gap-4">
        <Donut slices={slices} testId="overview-hosts-chart" />
        <div className="min-w-0 flex-1 space-y-2">
          <ul className="space-y-0.5">
            {slices.map((s) => (
              <LegendLink key={s.key} href={s.href} label={s.label} value={s.value} swatch={HOST_COLORS[s.key as keyof typeof HOST_COLORS].swatch} testId={`overview-hosts-${s.key}`} />
            ))}
          </ul>
          {hosts.attention.length > 0 && (
            <p className="text-xs text-zinc-400">
              Not online:{" "}
              {hosts.attention.map((h, i) => (
                <span key={h.id}>
                  {i > 0 && ", "}
                  <Link href={`/hosts/${h.id}`} className="text-zinc-200 hover:underline">
                    {h.name}
                  </Link>{" "}
                  ({h.status})
                </span>
              ))}
            </p>
          )}
        </div>
      </div>
    </Panel>
  );
}

function ContainersPanel({ containers }: { containers: NonNullable<Overview["containers"]> }) {
  const slices: Slice[] = CONTAINER_STATES.map((s) => ({ key: s, label: s, value: containers.byState[s] ?? 0, color: STATE_COLORS[s]!.color, href: `/fleet/containers?state=${s}` }));
  const shown = slices.filter((s) => s.value > 0 || s.key === "running" || s.key === "exited");
  return (
    <Panel title="Containers" testId="overview-containers" aside={<Link href="/fleet/containers" data-testid="overview-containers-total" data-value={containers.total} className="hover:text-white">{containers.total} in all</Link>}>
      <div className="flex items-center gap-4">
        <Donut slices={slices} testId="overview-containers-chart" />
        <ul className="min-w-0 flex-1 space-y-0.5">
          {shown.map((s) => (
            <LegendLink key={s.key} href={s.href} label={s.label} value={s.value} swatch={STATE_COLORS[s.key]!.swatch} testId={`overview-state-${s.key}`} />
          ))}
        </ul>
      </div>
    </Panel>
  );
}

/** The row of single figures: failures, updates, alerts, denials. */
function Headline({ o }: { o: Overview }) {
  return (
    <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
      {o.failures &&
        (Object.keys(PROBLEM_LABELS) as ContainerProblem[]).map((p) => (
          <Figure key={p} href={`/fleet/containers?problem=${p}`} value={o.failures!.counts[p]} label={PROBLEM_LABELS[p]} testId={`overview-problem-${p}`} tone="bad" />
        ))}
      {o.updates && <Figure href="/updates" value={o.updates.checked ? o.updates.containers : "–"} label={o.updates.checked ? "Containers with an update" : "Updates not checked yet"} testId="overview-updates" tone="warn" />}
      {o.alerts && <Figure href="/alerts" value={o.alerts.open} label="Open alerts" testId="overview-alerts" tone="bad" />}
      {o.denials && <Figure href="/audit?result=denied" value={o.denials.lastDay} label="Denials, last 24 h" testId="overview-denials" tone="warn" />}
    </div>
  );
}

function FailuresPanel({ failures }: { failures: NonNullable<Overview["failures"]> }) {
  return (
    <Panel title="Recent failures" testId="overview-failures">
      {failures.recent.length === 0 ? (
        <p className="text-zinc-400">No container is failing.</p>
      ) : (
        <ul className="divide-y divide-zinc-800">
          {failures.recent.map((c) => (
            <li key={`${c.hostId}/${c.id}`} className="flex items-baseline gap-2 py-1.5">
              <Link href={`/hosts/${c.hostId}/containers/${c.id}/logs`} className="font-medium text-zinc-100 hover:underline" data-testid="overview-failure">
                {c.name}
              </Link>
              <span className="text-xs text-zinc-400">on {c.hostName}</span>
              <span className="ml-auto truncate text-xs text-rose-300">{c.status || c.state}</span>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

function DiskPanel({ disk }: { disk: NonNullable<Overview["disk"]> }) {
  const bars = disk.hosts.map((h) => ({ hostId: h.hostId, hostName: h.hostName, inUse: h.imagesBytes + h.volumesBytes - h.reclaimableBytes, reclaimable: h.reclaimableBytes }));
  return (
    <Panel title="Disk: images and volumes" testId="overview-disk" aside={`${bytes(disk.totalBytes)} on ${disk.hostsCounted} hosts · ${bytes(disk.reclaimableBytes)} reclaimable`}>
      <div className="flex gap-3 text-xs text-zinc-400" aria-hidden>
        <span className="flex items-center gap-1">
          <span className="inline-block h-2.5 w-2.5 rounded-sm bg-sky-500" /> In use
        </span>
        <span className="flex items-center gap-1">
          <span className="inline-block h-2.5 w-2.5 rounded-sm bg-amber-500" /> Reclaimable (unused images and volumes)
        </span>
      </div>
      {bars.length > 0 && <DiskChart hosts={bars} />}
      <ul className="sr-only">
        {disk.hosts.map((h) => (
          <li key={h.hostId}>
            <Link href={`/hosts/${h.hostId}/images`}>
              {h.hostName}: {bytes(h.imagesBytes + h.volumesBytes)}, {bytes(h.reclaimableBytes)} reclaimable
            </Link>
          </li>
        ))}
      </ul>
    </Panel>
  );
}

function OperationsPanel({ operations }: { operations: Overview["operations"] }) {
  return (
    <Panel title="Recent operations" testId="overview-operations" aside={operations.failedLastDay > 0 ? `${operations.failedLastDay} failed in the last 24 h` : undefined}>
      {operations.recent.length === 0 ? (
        <p className="text-zinc-400">Nothing done yet.</p>
      ) : (
        <ul className="divide-y divide-zinc-800">
          {operations.recent.map((op) => (
            <li key={op.id} className="flex items-baseline gap-2 py-1.5">
              <Link href={`/hosts/${op.hostId}/events`} className="mono text-xs text-zinc-200 hover:underline">
                {op.action}
              </Link>
              <span className="truncate text-xs text-zinc-400">
                {op.targetName ?? ""} on {op.hostName}
                {op.actorName && ` by ${op.actorName}`}
              </span>
              <span className={`ml-auto text-xs ${op.status === "failed" ? "text-rose-300" : "text-zinc-400"}`} title={op.error ?? undefined}>
                {op.status} <Ago date={op.createdAt} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

function AlertsPanel({ alerts }: { alerts: NonNullable<Overview["alerts"]> }) {
  return (
    <Panel title="Open alerts" testId="overview-alert-list" aside={<Link href="/alerts" className="hover:text-white">all alerts</Link>}>
      {alerts.recent.length === 0 ? (
        <p className="text-zinc-400">No open alert.</p>
      ) : (
        <ul className="divide-y divide-zinc-800">
          {alerts.recent.map((a) => (
            <li key={a.id} className="flex items-baseline gap-2 py-1.5">
              <Link href="/alerts" className="truncate text-zinc-100 hover:underline">
                {a.message}
              </Link>
              <span className="ml-auto shrink-0 text-xs text-zinc-400">
                {a.count > 1 && `×${a.count} · `}
                <Ago date={a.lastAt} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

function DenialsPanel({ denials }: { denials: NonNullable<Overview["denials"]> }) {
  return (
    <Panel title="Recent denials" testId="overview-denial-list" aside={<Link href="/audit?result=denied" className="hover:text-white">audit trail</Link>}>
      {denials.recent.length === 0 ? (
        <p className="text-zinc-400">No request was refused.</p>
      ) : (
        <ul className="divide-y divide-zinc-800">
          {denials.recent.map((d) => (
            <li key={d.seq} className="flex items-baseline gap-2 py-1.5">
              <span className="mono text-xs text-zinc-200">{d.action}</span>
              <span className="truncate text-xs text-zinc-400">{d.actorName ?? "anonymous"}</span>
              <span className="ml-auto shrink-0 text-xs text-zinc-400">
                <Ago date={d.time} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
