"use client";
import { useEffect } from "react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { useHostLiveUpdates } from "../live-updates";
import { useFleetRoom } from "../fleet-live";
import { useAnywherePermissions, useHostPermissions } from "../permissions";
import { ErrorBanner, QueryError, Spinner } from "../components/ui";
import { DeployPanel } from "./DeployPanel";
import { FleetDeploy } from "./FleetDeploy";
import { HostEnvOverrides } from "./HostEnvOverrides";
import { StackActionsBar } from "./StackActionsBar";
import { StackEvents } from "./StackEvents";
import { StackFilesTab } from "./StackFilesTab";
import { StackGitTab } from "./StackGitTab";
import { StackHistoryTab } from "./StackHistoryTab";
import { StackLogs } from "./StackLogs";
import { StackServices } from "./StackServices";
import { StackStatusBadge } from "./StackStatusBadge";
import { projectServices } from "./project-containers";

const TABS = [
  { id: "overview", label: "Overview" },
  { id: "files", label: "Files" },
  { id: "logs", label: "Logs" },
  { id: "events", label: "Events" },
  { id: "history", label: "History" },
  { id: "git", label: "Git" },
] as const;
type Tab = (typeof TABS)[number]["id"];

/**
 * One stack: where it runs (a host picker for a fleet stack), its status there, its services and
 * their containers, deploy (plan first), start / stop / restart / down, its files in the editor,
 * merged logs, events, history with diffs and rollback, and its git source. The host and the tab
 * are in the URL, so a link or a reload opens the same view.
 */
export function StackPageView({ stackId }: { stackId: string }) {
  const trpc = useTRPC();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const queryClient = useQueryClient();
  const anywhere = useAnywherePermissions();
  const list = useQuery(trpc.stacks.list.queryOptions({}));
  // Status follows the fleet snapshot: pushed changes refetch the list, never a timer.
  useFleetRoom(() => void queryClient.invalidateQueries(trpc.stacks.list.pathFilter()));
  const row = list.data?.stacks.find((s) => s.stack.id === stackId);
  const hostId = params.get("host") ?? row?.hosts[0]?.hostId ?? null;
  const tab = (TABS.find((t) => t.id === params.get("tab"))?.id ?? "overview");
  const go = (next: { host?: string; tab?: Tab }) => {
    const q = new URLSearchParams(params.toString());
    if (next.host) q.set("host", next.host);
    if (next.tab) q.set("tab", next.tab);
    router.replace(`${pathname}?${q.toString()}`);
  };
  if (list.error) return <QueryError error={list.error} />;
  if (!list.data) return <Spinner />;
  if (!row || !hostId) return <ErrorBanner message={`Stack ${stackId} not found, or on no host you may see.`} />;
  const hostState = row.hosts.find((h) => h.hostId === hostId);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <Link href="/stacks" className="text-sm text-zinc-400 hover:text-white">
          Stacks
        </Link>
        <span className="text-zinc-500">/</span>
        <h1 className="text-xl font-semibold text-white">{row.stack.name}</h1>
        {hostState && <StackStatusBadge status={hostState.status} />}
        {row.hosts.length > 1 ? (
          <label className="text-xs text-zinc-400">
            Host{" "}
            <select aria-label="Host" className="rounded bg-zinc-900 px-2 py-1 ring-1 ring-zinc-700" value={hostId} onChange={(e) => go({ host: e.target.value })}>
              {row.hosts.map((h) => (
                <option key={h.hostId} value={h.hostId}>
                  {h.hostName} · {h.status}
                </option>
              ))}
            </select>
          </label>
        ) : (
          hostState && (
            <Link href={`/hosts/${hostId}/stacks`} className="text-sm text-zinc-400 hover:text-white">
              on {hostState.hostName}
            </Link>
          )
        )}
        {hostState && (
          <span className="text-xs text-zinc-500">
            {hostState.deployedRevision ? `revision ${hostState.deployedRevision} deployed` : "not deployed yet"}
            {row.latestRevision !== null && ` · latest ${row.latestRevision}`}
          </span>
        )}
      </div>
      <nav aria-label="Stack tabs" className="flex gap-1 border-b border-zinc-800">
        {TABS.map((t) => (
          <button key={t.id} onClick={() => go({ tab: t.id })} aria-current={t.id === tab ? "page" : undefined} className={`-mb-px border-b-2 px-3 py-2 text-sm ${t.id === tab ? "border-sky-400 text-white" : "border-transparent text-zinc-400 hover:text-zinc-200"}`}>
            {t.label}
          </button>
        ))}
      </nav>
      {tab === "overview" && row.stack.hostGroupId && anywhere.has("stack.deploy") && <FleetDeploy stackId={stackId} stackName={row.stack.name} hostCount={row.hosts.length} />}
      <StackOnHost key={hostId} stackId={stackId} hostId={hostId} hostName={hostState?.hostName ?? hostId} tab={tab} fleet={Boolean(row.stack.hostGroupId)} live={`${hostState?.deployedRevision ?? "-"}/${row.latestRevision ?? "-"}`} />
    </div>
  );
}

function StackOnHost({ stackId, hostId, hostName, tab, fleet, live }: { stackId: string; hostId: string; hostName: string; tab: Tab; fleet: boolean; live: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // `live` (deployed / latest revision) follows the fleet snapshot: a deploy or revision made
  // elsewhere (a git webhook or poll, another user, a fleet deploy) re-reads this host's stack and history.
  useEffect(() => {
    void queryClient.invalidateQueries(trpc.stacks.get.queryFilter({ hostId, stackId }));
    void queryClient.invalidateQueries(trpc.stacks.revisions.queryFilter({ hostId, stackId }));
    void queryClient.invalidateQueries(trpc.stacks.deploys.queryFilter({ hostId, stackId }));
  }, [live, queryClient, trpc, hostId, stackId]);
  const may = useHostPermissions(hostId);
  useHostLiveUpdates(hostId, may.has("host.view"));
  const stack = useQuery(trpc.stacks.get.queryOptions({ hostId, stackId }));
  const containers = useQuery({ ...trpc.containers.list.queryOptions({ hostId }), enabled: may.has("container.view") });
  if (stack.error) return <QueryError error={stack.error} />;
  if (!stack.data) return <Spinner />;
  const { stack: s, revision, deployedRevision } = stack.data;
  const mayDeploy = may.has("stack.deploy");
  const services = projectServices(containers.data ?? [], s.name);
  switch (tab) {
    case "overview":
      return (
        <div className="space-y-4">
          <StackActionsBar target={{ stackId }} name={s.name} hostId={hostId} hostName={hostName} may={{ operate: may.has("container.operate"), delete: may.has("stack.delete") }} />
          {mayDeploy && <DeployPanel stackId={stackId} stackName={s.name} hostId={hostId} hostName={hostName} deployed={deployedRevision !== null} />}
          {may.has("container.view") && <StackServices hostId={hostId} project={s.name} containers={containers.data ?? []} loading={containers.isPending} />}
        </div>
      );
    case "files":
      return (
        <div className="space-y-4">
          <StackFilesTab stackId={stackId} stackName={s.name} hostId={hostId} hostName={hostName} revision={revision} deployed={deployedRevision !== null} mayDeploy={mayDeploy} />
          {fleet && mayDeploy && <HostEnvOverrides stackId={stackId} stackName={s.name} hostId={hostId} hostName={hostName} />}
        </div>
      );
    case "logs":
      return may.has("container.logs") ? (
        <StackLogs hostId={hostId} stackName={s.name} sources={services.flatMap((x) => x.containers.map((c) => ({ id: c.id, name: c.name, service: x.service })))} />
      ) : (
        <p className="text-sm text-zinc-400">Reading logs needs the permission container.logs on {hostName}.</p>
      );
    case "events":
      return may.has("host.view") ? <StackEvents hostId={hostId} project={s.name} /> : <p className="text-sm text-zinc-400">Events need the permission host.view on {hostName}.</p>;
    case "history":
      return <StackHistoryTab stackId={stackId} stackName={s.name} hostId={hostId} hostName={hostName} deployedRevision={deployedRevision} mayDeploy={mayDeploy} />;
    case "git":
      return <StackGitTab stack={s} hostId={hostId} mayDeploy={mayDeploy} />;
  }
}
