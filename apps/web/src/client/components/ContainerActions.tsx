"use client";
import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import type { ContainerSummary } from "@dockmaster/protocol";
import { useTRPC } from "../trpc";
import { ConfirmDialog } from "./ConfirmDialog";
import { Button, Spinner } from "./ui";

type Action = "start" | "stop" | "restart" | "remove";
const PENDING: Record<Action, string> = { start: "starting…", stop: "stopping…", restart: "restarting…", remove: "removing…" };
const EXPLAIN: Record<Action, string> = {
  start: "POST /containers/{id}/start: the engine starts the container's process in its namespaces and cgroups.",
  stop: "POST /containers/{id}/stop: SIGTERM to the main process, then SIGKILL after the stop timeout.",
  restart: "POST /containers/{id}/restart: stop, then start again with the same configuration.",
  remove: "DELETE /containers/{id}: the container and its writable (copy-on-write) layer are deleted. The image stays.",
};

/** Start / Stop / Restart / Remove for one row: confirmation, a visible pending state, errors upward. */
export function ContainerActions({ hostId, container, onError }: { hostId: string; container: ContainerSummary; onError: (message: string) => void }) {
  const trpc = useTRPC();
  const [confirming, setConfirming] = useState<Action | null>(null);
  const [force, setForce] = useState(false);
  const handlers = { onError: (e: { message: string }) => onError(`${container.name}: ${e.message}`) };
  const start = useMutation(trpc.containers.start.mutationOptions(handlers));
  const stop = useMutation(trpc.containers.stop.mutationOptions(handlers));
  const restart = useMutation(trpc.containers.restart.mutationOptions(handlers));
  const remove = useMutation(trpc.containers.remove.mutationOptions(handlers));
  const mutations = { start, stop, restart, remove };
  const pending = (Object.keys(mutations) as Action[]).find((a) => mutations[a].isPending);
  const running = container.state === "running" || container.state === "restarting";

  const run = (action: Action) => {
    setConfirming(null);
    const input = { hostId, id: container.id };
    if (action === "remove") remove.mutate({ ...input, force });
    else mutations[action].mutate(input);
  };

  return (
    <div className="flex items-center justify-end gap-1.5">
      {pending && (
        <span className="mr-2 flex items-center gap-1.5 text-xs text-sky-300" data-testid="container-pending">
          <Spinner /> {PENDING[pending]}
        </span>
      )}
      <Button disabled={!!pending || running} onClick={() => setConfirming("start")}>Start</Button>
      <Button disabled={!!pending || !running} onClick={() => setConfirming("stop")}>Stop</Button>
      <Button disabled={!!pending} onClick={() => setConfirming("restart")}>Restart</Button>
      <Button variant="danger" disabled={!!pending} onClick={() => { setForce(false); setConfirming("remove"); }}>Remove</Button>
      {confirming && (
        <ConfirmDialog title={`${confirming[0]!.toUpperCase()}${confirming.slice(1)} ${container.name}?`} danger={confirming === "remove"} onCancel={() => setConfirming(null)} onConfirm={() => run(confirming)}>
          <p className="mono text-xs">{EXPLAIN[confirming]}</p>
          {confirming === "remove" && (
            <label className="mt-3 flex items-center gap-2 text-sm text-zinc-300">
              <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
              Force (kill it first if it is running)
            </label>
          )}
        </ConfirmDialog>
      )}
    </div>
  );
}
