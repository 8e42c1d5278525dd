"use client";
import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { BatchProgress } from "../components/BatchProgress";
import { Button, ErrorBanner } from "../components/ui";

/**
 * A fleet stack (one per host of a group): deploy it on every host at once — one Operation per
 * host in one batch, followed live host by host; an offline or refused host fails alone.
 */
export function FleetDeploy({ stackId, stackName, hostCount }: { stackId: string; stackName: string; hostCount: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [batchId, setBatchId] = useState<string | null>(null);
  const deploy = useMutation(
    trpc.stacks.deployFleet.mutationOptions({
      onSuccess: (r) => {
        setBatchId(r.batchId);
        void queryClient.invalidateQueries(trpc.stacks.pathFilter());
      },
    }),
  );
  return (
    <section aria-label={`Deploy ${stackName} on every host`} className="space-y-2 rounded-lg border border-zinc-800 p-3">
      <div className="flex items-center gap-2">
        <p className="text-xs text-zinc-400">This stack runs on every host of its group: each host deploys the latest revision with its own .env overrides.</p>
        <Button className="ml-auto" onClick={() => deploy.mutate({ stackId, pull: false })} disabled={deploy.isPending}>
          {`Deploy ${stackName} on all ${hostCount} hosts`}
        </Button>
      </div>
      {deploy.error && <ErrorBanner message={deploy.error.message} onClose={() => deploy.reset()} />}
      {batchId && <BatchProgress batchId={batchId} />}
    </section>
  );
}
