"use client";
import { useEffect, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { BulkTargetState } from "@dockmaster/protocol";
import { useTRPC } from "../trpc";
import { followBatch } from "../bulk-follow";
import { uiSocket } from "../socket";
import { applyLine, finish, startProgress, type Progress } from "./deploy-progress";
import type { PlanRow } from "./plan-rows";

/**
 * Follows a deploy's batch on the /ui socket (each host's deploy is an Operation of a bulk batch,
 * its progress lines pushed, never polled) and turns the pushes into per-service progress for one
 * host. `null` until a deploy starts.
 */
export function useDeployFollow(run: { batchId: string; hostId: string; plan: PlanRow[] } | null): { progress: Progress | null; operationId: string | null; error: string | null } {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<Progress | null>(null);
  const [operationId, setOperationId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const batchId = run?.batchId ?? null;
  useEffect(() => {
    if (!run) {
      setProgress(null);
      return;
    }
    setProgress(startProgress(run.plan));
    setOperationId(null);
    setError(null);
    let lastLine: string | null = null;
    const onState = (state: BulkTargetState) => {
      if (state.hostId !== run.hostId) return;
      setOperationId(state.operationId);
      // The same line comes again with every state push (and from the batch read): once is enough.
      const line = state.progress && state.progress !== lastLine ? state.progress : null;
      if (line) lastLine = line;
      setProgress((p) => {
        let next = p ?? startProgress(run.plan);
        if (line) next = applyLine(next, line);
        if ((state.status === "succeeded" || state.status === "failed") && !next.finished) next = finish(next, { ok: state.status === "succeeded", error: state.error });
        return next;
      });
    };
    // Whatever happened before the room was joined (a quick deploy may be over) is read once after.
    const readBatch = () => void queryClient.fetchQuery({ ...trpc.bulk.get.queryOptions({ batchId: run.batchId }), staleTime: 0 }).then((b) => b.targets.forEach(onState), () => undefined);
    const follower = followBatch(uiSocket(), run.batchId, { target: onState, done: readBatch, resubscribed: readBatch });
    follower.ready.then(readBatch, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    return () => follower.stop();
    // A new batch is a new deploy; the plan and host come with it.
  }, [batchId]);
  return { progress, operationId, error };
}
