"use client";
import { useEffect, type ReactNode } from "react";
import Link from "next/link";
import { useParams, usePathname, useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLoadedHostPermissions } from "../../../src/client/permissions";
import { HOST_TABS, hostTabAt } from "../../../src/client/host-tabs";
import { permissionName } from "../../../src/client/permission-names";
import { useTRPC } from "../../../src/client/trpc";
import { useHostLiveUpdates } from "../../../src/client/live-updates";
import { Ago } from "../../../src/client/components/Ago";
import { HostStatusBadge } from "../../../src/client/components/HostStatusBadge";
import { LiveIndicator } from "../../../src/client/components/LiveIndicator";
import { NoAccessNotice } from "../../../src/client/components/NoAccessNotice";
import { Button, QueryError } from "../../../src/client/components/ui";

/**
 * Host header (name, status, engine version), offline banner, tabs; owns the live subscription.
 * Shows only the tabs the user may open on this host and lands on the first of them; a tab reached
 * by its URL without its permission shows a notice, so nothing refused is asked (and recorded).
 */
export default function HostLayout({ children }: { children: ReactNode }) {
  const { hostId } = useParams<{ hostId: string }>();
  const pathname = usePathname();
  const trpc = useTRPC();
  const loaded = useLoadedHostPermissions(hostId);
  const may = loaded ?? new Set<string>();
  const host = useQuery({ ...trpc.hosts.get.queryOptions({ hostId }), enabled: may.has("host.view") });
  const subscription = useHostLiveUpdates(hostId, may.has("host.view"));
  const router = useRouter();
  const queryClient = useQueryClient();
  const revoke = useMutation(
    trpc.hosts.revoke.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.hosts.list.pathFilter());
        router.replace("/hosts");
      },
    }),
  );
  const base = `/hosts/${hostId}`;
  const current = hostTabAt(base, pathname);
  const tabs = HOST_TABS.filter((t) => may.has(t.needs)).map((t) => ({ href: `${base}${t.path}`, label: t.label, active: t === current }));
  // The host's own path is the Containers tab: a user who may not open it lands on their first tab.
  const landing = loaded && pathname === base && !may.has("container.view") ? tabs[0]?.href : undefined;
  useEffect(() => {
    if (landing) router.replace(landing);
  }, [landing, router]);
  const h = host.data;
  return (
    <div className="space-y-4">
      <QueryError error={host.error} />
      {/* The header's row is there from the first paint (its height reserved) so the tabs below do
          not jump down when the host arrives. */}
      <div className="flex min-h-9 flex-wrap items-center gap-3" data-testid="host-header">
        {!h && <span className="sr-only">Loading the host…</span>}
        {h && (
        <>
          <h1 className="text-xl font-semibold text-white">{h.name}</h1>
          <HostStatusBadge status={h.status} reason={h.statusReason} />
          <span className="mono text-sm text-zinc-400">
            {h.engineVersion ? `Docker ${h.engineVersion}` : "Docker version unknown"}
            {h.apiVersion && ` · API ${h.apiVersion}`}
          </span>
          {h.os && <span className="text-sm text-zinc-500">{[h.os, h.arch].filter(Boolean).join(" / ")}</span>}
          <span className="ml-auto flex items-center gap-3">
            <LiveIndicator subscription={subscription} />
            {may.has("host.manage") && (
              <Button variant="danger" onClick={() => window.confirm(`Revoke ${h.name}? Its agent is disconnected now and its secret stops working.`) && revoke.mutate({ hostId })}>
                Revoke host
              </Button>
            )}
          </span>
        </>
        )}
      </div>
      {h?.status === "degraded" && (
        <div role="alert" data-testid="host-degraded" className="rounded border border-amber-700/60 bg-amber-950/40 px-4 py-3 text-sm text-amber-200">
          <strong className="font-semibold">The agent is connected but cannot reach its engine</strong>
          {h.statusReason && <span className="text-amber-300/80"> ({h.statusReason})</span>}. This page updates by itself when the engine answers again.
        </div>
      )}
      {h?.status === "offline" && (
        <div role="alert" data-testid="host-offline" className="rounded border border-amber-700/60 bg-amber-950/40 px-4 py-3 text-sm text-amber-200">
          <strong className="font-semibold">This host is offline</strong> — last seen <Ago date={h.lastSeenAt} />
          {h.statusReason && <span className="text-amber-300/80"> ({h.statusReason})</span>}. Live data and actions are unavailable until its agent reconnects;
          this page updates by itself when it does.
        </div>
      )}
      <nav aria-label="Host tabs" className="flex min-h-[2.3rem] gap-1 overflow-x-auto border-b border-zinc-800">
        {tabs.map((t) => (
          <Link
            key={t.href}
            href={t.href}
            aria-current={t.active ? "page" : undefined}
            className={`touch-target -mb-px shrink-0 border-b-2 px-3 py-2 text-sm ${t.active ? "border-sky-400 text-white" : "border-transparent text-zinc-400 hover:text-zinc-200"}`}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      {!loaded || landing ? null : current && !may.has(current.needs) ? (
        <NoAccessNotice testId="host-tab-not-allowed" detail={`It needs the permission “${permissionName(current.needs)}” on this host.`}>
          You may not open {current.label} on this host — ask an admin for a grant.
        </NoAccessNotice>
      ) : (
        children
      )}
    </div>
  );
}
