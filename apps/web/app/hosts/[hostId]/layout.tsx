"use client";
import type { ReactNode } from "react";
import Link from "next/link";
import { useParams, usePathname } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../../src/client/trpc";
import { useHostLiveUpdates } from "../../../src/client/live-updates";
import { relativeTime } from "../../../src/client/format";
import { HostStatusBadge } from "../../../src/client/components/HostStatusBadge";
import { ErrorBanner } from "../../../src/client/components/ui";

export default function HostLayout({ children }: { children: ReactNode }) {
  const { hostId } = useParams<{ hostId: string }>();
  const pathname = usePathname();
  const trpc = useTRPC();
  const host = useQuery(trpc.hosts.get.queryOptions({ hostId }));
  useHostLiveUpdates(hostId);
  const base = `/hosts/${hostId}`;
  const tabs = [
    { href: base, label: "Containers", active: pathname === base || pathname.startsWith(`${base}/containers`) },
    { href: `${base}/images`, label: "Images", active: pathname.startsWith(`${base}/images`) },
    { href: `${base}/engine`, label: "Engine", active: pathname.startsWith(`${base}/engine`) },
  ];
  return (
    <div className="space-y-4">
      {host.error && <ErrorBanner message={host.error.message} />}
      {host.data && (
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-xl font-semibold text-white">{host.data.name}</h1>
          <HostStatusBadge status={host.data.status} reason={host.data.statusReason} />
          <span className="mono text-sm text-zinc-400">Docker {host.data.engineVersion ?? "?"}</span>
        </div>
      )}
      {host.data?.status === "offline" && (
        <ErrorBanner message={`This host is offline (last seen ${relativeTime(host.data.lastSeenAt)}${host.data.statusReason ? `: ${host.data.statusReason}` : ""}). Live data is unavailable until its agent reconnects.`} />
      )}
      <nav className="flex gap-1 border-b border-zinc-800">
        {tabs.map((t) => (
          <Link key={t.href} href={t.href} className={`-mb-px border-b-2 px-3 py-2 text-sm ${t.active ? "border-sky-400 text-white" : "border-transparent text-zinc-400 hover:text-zinc-200"}`}>
            {t.label}
          </Link>
        ))}
      </nav>
      {children}
    </div>
  );
}
