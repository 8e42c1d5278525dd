"use client";
import { useState, type ReactNode } from "react";
import Link from "next/link";
import { useParams, usePathname, useRouter } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../../../../src/client/trpc";
import { useHostPermissions } from "../../../../../src/client/permissions";
import { obj, text } from "../../../../../src/client/inspect";
import { ContainerActions } from "../../../../../src/client/components/ContainerActions";
import { Badge, ErrorBanner, stateTone } from "../../../../../src/client/components/ui";

/** One container: its name, state and actions, and tabs for what can be seen of it. */
export default function ContainerTabs({ children }: { children: ReactNode }) {
  const { hostId, containerId } = useParams<{ hostId: string; containerId: string }>();
  const pathname = usePathname();
  const router = useRouter();
  const trpc = useTRPC();
  const may = useHostPermissions(hostId);
  const inspect = useQuery(trpc.containers.inspect.queryOptions({ hostId, id: containerId }));
  const [actionError, setActionError] = useState<string | null>(null);
  const base = `/hosts/${hostId}/containers/${containerId}`;
  const tabs = [
    { href: base, label: "Overview", show: true },
    { href: `${base}/logs`, label: "Logs", show: true },
    { href: `${base}/terminal`, label: "Terminal", show: may.has("container.exec") },
    { href: `${base}/stats`, label: "Stats", show: true },
    { href: `${base}/files`, label: "Files", show: may.has("container.files.read") },
  ].filter((t) => t.show);
  const c = inspect.data;
  const state = obj(c?.State);
  const name = text(c?.Name).replace(/^\//, "");
  return (
    <div className="space-y-3">
      {c && (
        <div className="flex flex-wrap items-center gap-3">
          <h2 className="text-lg font-semibold text-white" data-testid="container-name">
            {name}
          </h2>
          <Badge tone={stateTone(String(state.Status))} testId="container-detail-state">
            {text(state.Status)}
          </Badge>
          <div className="ml-auto">
            <ContainerActions hostId={hostId} container={{ id: String(c.Id), name, state: String(state.Status) }} may={may} onError={setActionError} onRemoved={() => router.push(`/hosts/${hostId}`)} />
          </div>
        </div>
      )}
      {actionError && <ErrorBanner message={actionError} onClose={() => setActionError(null)} />}
      <nav className="flex gap-1 border-b border-zinc-800" aria-label="Container views">
        {tabs.map((t) => {
          const active = t.href === base ? pathname === base : pathname.startsWith(t.href);
          return (
            <Link key={t.href} href={t.href} aria-current={active ? "page" : undefined} className={`-mb-px border-b-2 px-3 py-1.5 text-sm ${active ? "border-sky-400 text-white" : "border-transparent text-zinc-400 hover:text-zinc-200"}`}>
              {t.label}
            </Link>
          );
        })}
      </nav>
      {children}
    </div>
  );
}
