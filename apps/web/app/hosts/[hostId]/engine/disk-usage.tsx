"use client";
import { useQuery } from "@tanstack/react-query";
import type { DiskUsageLine } from "@dockmaster/protocol";
import { useTRPC } from "../../../../src/client/trpc";
import { bytes } from "../../../../src/client/format";
import { QueryError } from "../../../../src/client/components/ui";

const KINDS = [
  ["images", "Images", "Layers stored once and shared between images; reclaimable = layers no container's image needs."],
  ["containers", "Containers", "Each container's writable layer; stopped containers keep theirs until removed."],
  ["volumes", "Local volumes", "Plain local volumes only (the engine does not measure tmpfs/NFS-backed ones); reclaimable = mounted by no container."],
  ["buildCache", "Build cache", "BuildKit's cache of build steps; what no running build uses can go."],
] as const;

function Line({ title, hint, line }: { title: string; hint: string; line: DiskUsageLine }) {
  const share = line.size > 0 ? Math.round((line.reclaimable / line.size) * 100) : 0;
  return (
    <section data-testid="df-line" className="rounded-lg border border-zinc-800 bg-zinc-900/60 p-4">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-zinc-400">{title}</h3>
      <div className="mt-2 text-sm">
        {line.count} total · {line.active} active · <span className="mono">{bytes(line.size)}</span>
      </div>
      <div className="mt-1 h-1.5 overflow-hidden rounded bg-zinc-800" aria-hidden>
        <div className="h-full bg-amber-400/70" style={{ width: `${share}%` }} />
      </div>
      <div className="mt-1 text-xs text-amber-300">
        {bytes(line.reclaimable)} reclaimable ({share}%)
      </div>
      <p className="mt-2 text-xs text-zinc-500">{hint}</p>
    </section>
  );
}

/** `docker system df`. */
export function DiskUsage({ hostId }: { hostId: string }) {
  const trpc = useTRPC();
  const df = useQuery(trpc.engine.df.queryOptions({ hostId }));
  if (df.error) return <QueryError error={df.error} />;
  if (!df.data) return <p className="text-sm text-zinc-500">Measuring disk usage…</p>;
  const data = df.data;
  return (
    <div className="grid gap-3 md:grid-cols-2 xl:grid-cols-4">
      {KINDS.map(([key, title, hint]) => (
        <Line key={key} title={title} hint={hint} line={data[key]} />
      ))}
    </div>
  );
}
