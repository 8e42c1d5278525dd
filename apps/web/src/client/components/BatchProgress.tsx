"use client";
import { useEffect, useState } from "react";
import Link from "next/link";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { BulkTargetState } from "@dockmaster/protocol";
import { followBatch } from "../bulk-follow";
import { uiSocket } from "../socket";
import { useTRPC } from "../trpc";
import { Badge, ErrorBanner, Spinner, type Tone } from "./ui";

const STATUS_TONE: Record<BulkTargetState["status"], Tone> = { queued: "zinc", running: "blue", succeeded: "green", failed: "red" };

/**
 * A bulk action's targets with their live state (pushed over /ui into the bulk.get cache, never
 * polled) and, once every target has finished, the summary: n succeeded, m failed and why.
 */
export function BatchProgress({ batchId, showLink = true }: { batchId: string; showLink?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const batch = useQuery(trpc.bulk.get.queryOptions({ batchId }));
  const hosts = useQuery(trpc.hosts.list.queryOptions());
  const [followError, setFollowError] = useState<string | null>(null);

  useEffect(() => {
    const key = trpc.bulk.get.queryKey({ batchId });
    const refetch = () => void queryClient.invalidateQueries({ queryKey: key });
    const follower = followBatch(uiSocket(), batchId, {
      target: (state) =>
        queryClient.setQueryData(key, (old) => (old ? { ...old, targets: old.targets.map((t) => (t.operationId === state.operationId ? { ...t, ...state } : t)) } : old)),
      // The summary and finishedAt come from the server's copy.
      done: refetch,
      resubscribed: refetch,
    });
    // Whatever happened before we joined the room is read once, after joining.
    follower.ready.then(refetch, (error: unknown) => setFollowError(error instanceof Error ? error.message : String(error)));
    return () => follower.stop();
  }, [batchId, trpc, queryClient]);

  if (batch.error) return <ErrorBanner message={batch.error.message} />;
  const b = batch.data;
  if (!b) return <Spinner />;
  const hostName = new Map((hosts.data ?? []).map((h) => [h.id, h.name]));
  const done = b.targets.filter((t) => t.status === "succeeded" || t.status === "failed").length;
  return (
    <div className="space-y-3" data-testid="batch-progress" data-batch-id={batchId}>
      {followError && <ErrorBanner message={`Live progress unavailable: ${followError}`} />}
      <div className="flex items-center gap-3 text-sm">
        <span className="mono text-zinc-300">{b.action}</span>
        <span className="text-zinc-400">
          {done} / {b.total} done
        </span>
        {!b.finishedAt && <Spinner />}
        {showLink && (
          <Link href={`/bulk/${batchId}`} className="ml-auto text-xs text-sky-300 hover:text-sky-200">
            Open batch page
          </Link>
        )}
      </div>
      {b.finishedAt && (
        <div role="status" data-testid="batch-summary" className={`rounded border px-4 py-3 text-sm ${b.summary.failed ? "border-amber-700/60 bg-amber-950/40 text-amber-100" : "border-emerald-700/60 bg-emerald-950/50 text-emerald-200"}`}>
          <strong>
            {b.summary.succeeded} succeeded, {b.summary.failed} failed
          </strong>
          {b.summary.reasons.length > 0 && (
            <ul className="mt-1 list-disc pl-5 text-xs">
              {b.summary.reasons.map((r) => (
                <li key={r.error}>
                  {r.count} × <span className="mono">{r.error}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <ul className="max-h-80 divide-y divide-zinc-800/80 overflow-y-auto rounded border border-zinc-800 text-sm">
        {b.targets.map((t) => (
          <li key={t.operationId} data-testid="batch-target" data-status={t.status} className="flex items-start gap-3 px-3 py-1.5">
            <Badge tone={STATUS_TONE[t.status]}>{t.status}</Badge>
            <span className="text-zinc-400">{hostName.get(t.hostId) ?? t.hostId}</span>
            <span className="mono text-zinc-200">{t.targetName ?? t.targetId?.slice(0, 12)}</span>
            {t.error && <span className="mono ml-auto max-w-md truncate text-xs text-rose-300" title={t.error}>{t.error}</span>}
            {!t.error && "progress" in t && t.progress && <span className="mono ml-auto max-w-md truncate text-xs text-zinc-500">{t.progress}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
