"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc";
import { ErrorBanner } from "../components/ui";
import { StackActions, type LifecycleAction } from "./StackActions";

/** Start / stop / restart (container.operate) and down (stack.delete) of a stack on one host. */
export function StackActionsBar({ stackId, stackName, hostId, hostName, may }: { stackId: string; stackName: string; hostId: string; hostName: string; may: ReadonlySet<string> }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const done = () => {
    void queryClient.invalidateQueries(trpc.stacks.pathFilter());
    void queryClient.invalidateQueries(trpc.containers.list.queryFilter({ hostId }));
  };
  const lifecycle = useMutation(trpc.stacks.lifecycle.mutationOptions({ onSettled: done }));
  const down = useMutation(trpc.stacks.down.mutationOptions({ onSettled: done }));
  const error = lifecycle.error ?? down.error;
  const run = (action: LifecycleAction, options: { removeVolumes: boolean }) => {
    if (action === "down") down.mutate({ hostId, stackId, removeVolumes: options.removeVolumes });
    else lifecycle.mutate({ hostId, stackId, action });
  };
  return (
    <div className="space-y-2">
      <StackActions stackName={stackName} hostName={hostName} may={{ operate: may.has("container.operate"), delete: may.has("stack.delete") }} pending={lifecycle.isPending || down.isPending} onAction={run} />
      {(lifecycle.isSuccess || down.isSuccess) && !error && (
        <p role="status" className="text-xs text-emerald-300">
          {down.isSuccess ? `${stackName} is down on ${hostName}${down.variables?.removeVolumes ? ", its volumes deleted" : ""}.` : `${stackName}: ${lifecycle.variables?.action} done on ${hostName}.`}
        </p>
      )}
      {error && <ErrorBanner message={error.message} onClose={() => (lifecycle.reset(), down.reset())} />}
    </div>
  );
}
