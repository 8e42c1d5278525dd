"use client";
import { useEffect, useRef, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { Button, ErrorBanner, QueryError, Spinner } from "../components/ui";
import { DeployProgressView } from "./DeployProgressView";
import { PlanPreview } from "./PlanPreview";
import { planRows, type PlanRow } from "./plan-rows";
import { useDeployFollow } from "./use-deploy-follow";

/**
 * Plan, then deploy, on one host: the plan (create / recreate and why / remove / unchanged) is
 * shown before anything happens; Deploy and Pull-and-deploy run it in the background, followed
 * live per service with Cancel, ending in an outcome that says what was done and what to do.
 */
export function DeployPanel({ stackId, stackName, hostId, hostName, deployed, onFinished }: { stackId: string; stackName: string; hostId: string; hostName: string; deployed: boolean; onFinished?: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [planning, setPlanning] = useState(false);
  const [run, setRun] = useState<{ batchId: string; hostId: string; plan: PlanRow[] } | null>(null);
  const plan = useQuery({ ...trpc.stacks.plan.queryOptions({ hostId, stackId }), enabled: planning, staleTime: 0, gcTime: 0 });
  const follow = useDeployFollow(run);
  const refresh = () => {
    void queryClient.invalidateQueries(trpc.stacks.pathFilter());
    void queryClient.invalidateQueries(trpc.containers.list.queryFilter({ hostId }));
    onFinished?.();
  };
  const deploy = useMutation(
    trpc.stacks.deploy.mutationOptions({
      onSuccess: (result) => {
        setRun({ batchId: result.batchId, hostId, plan: planRows(plan.data?.plan.steps ?? []) });
        setPlanning(false);
      },
    }),
  );
  const cancel = useMutation(trpc.stacks.cancel.mutationOptions());
  const finished = follow.progress?.finished;
  // Once the deploy is over, what it changed is read again (status, containers, history).
  const finishedBatch = finished && run ? run.batchId : null;
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  useEffect(() => {
    if (finishedBatch) refreshRef.current();
  }, [finishedBatch]);
  const verb = deployed ? "Redeploy" : "Deploy";
  const running = Boolean(run && !finished);
  return (
    <section aria-label={`Deploy ${stackName}`} className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <Button onClick={() => (planning ? void plan.refetch() : setPlanning(true))} disabled={running || plan.isFetching}>
          {plan.isFetching ? "Planning…" : `Plan ${verb.toLowerCase()} of ${stackName}`}
        </Button>
        {planning && plan.data && !running && (
          <>
            <Button variant="primary" onClick={() => deploy.mutate({ hostId, stackId, pull: false })} disabled={deploy.isPending}>
              {`${verb} ${stackName}`}
            </Button>
            <Button onClick={() => deploy.mutate({ hostId, stackId, pull: true })} disabled={deploy.isPending}>
              {`Pull and ${verb.toLowerCase()} ${stackName}`}
            </Button>
            <Button onClick={() => setPlanning(false)}>Close plan</Button>
          </>
        )}
        {plan.isFetching && <Spinner />}
      </div>
      {planning && <QueryError error={plan.error} />}
      {deploy.error && <ErrorBanner message={deploy.error.message} onClose={() => deploy.reset()} />}
      {planning && plan.data && (
        <div className="space-y-1">
          <PlanPreview steps={plan.data.plan.steps} hostName={hostName} />
          <p className="text-xs text-zinc-500">Plan of revision {plan.data.revision}.</p>
          {plan.data.warnings.map((w) => (
            <p key={w} className="text-xs text-amber-300">
              warning {w}
            </p>
          ))}
        </div>
      )}
      {follow.error && <ErrorBanner message={`Live progress unavailable: ${follow.error}`} />}
      {cancel.error && <ErrorBanner message={cancel.error.message} onClose={() => cancel.reset()} />}
      {follow.progress && (
        <DeployProgressView
          stackName={stackName}
          hostName={hostName}
          progress={follow.progress}
          cancelling={cancel.isPending}
          onCancel={follow.operationId ? () => cancel.mutate({ hostId, stackId, operationId: follow.operationId! }) : undefined}
        />
      )}
    </section>
  );
}
