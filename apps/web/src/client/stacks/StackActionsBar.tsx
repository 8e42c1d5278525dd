"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC, useTRPCClient } from "../trpc";
import { ErrorBanner } from "../components/ui";
import { StackActions, type LifecycleAction } from "./StackActions";

/** A Dockmaster stack (by id) or an external compose project (started outside Dockmaster, by name). */
export type ActionTarget = { stackId: string } | { project: string };

/**
 * Start / stop / restart (container.operate) and down (stack.delete) of a stack, or of an external
 * compose project, on one host: stacks.lifecycle / down, or stacks.externalLifecycle / externalDown.
 */
export function StackActionsBar({ target, name, hostId, hostName, may }: { target: ActionTarget; name: string; hostId: string; hostName: string; may: { operate: boolean; delete: boolean } }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const action = useMutation({
    mutationFn: async ({ action, removeVolumes }: { action: LifecycleAction; removeVolumes: boolean }) => {
      if ("stackId" in target) {
        if (action === "down") await client.stacks.down.mutate({ hostId, stackId: target.stackId, removeVolumes });
        else await client.stacks.lifecycle.mutate({ hostId, stackId: target.stackId, action });
      } else if (action === "down") await client.stacks.externalDown.mutate({ hostId, project: target.project, removeVolumes });
      else await client.stacks.externalLifecycle.mutate({ hostId, project: target.project, action });
    },
    onSettled: () => {
      void queryClient.invalidateQueries(trpc.stacks.pathFilter());
      void queryClient.invalidateQueries(trpc.containers.list.queryFilter({ hostId }));
    },
  });
  const done = action.isSuccess ? action.variables : null;
  return (
    <div className="space-y-2">
      <StackActions stackName={name} hostName={hostName} may={may} pending={action.isPending} onAction={(a, options) => action.mutate({ action: a, removeVolumes: options.removeVolumes })} />
      {done && (
        <p role="status" className="text-xs text-emerald-300">
          {done.action === "down" ? `${name} is down on ${hostName}${done.removeVolumes ? ", its volumes deleted" : ""}.` : `${name}: ${done.action} done on ${hostName}.`}
        </p>
      )}
      {action.error && <ErrorBanner message={action.error.message} onClose={() => action.reset()} />}
    </div>
  );
}
