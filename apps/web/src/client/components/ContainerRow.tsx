"use client";
import { useState } from "react";
import Link from "next/link";
import { useMutation } from "@tanstack/react-query";
import type { ContainerSummary } from "@dockmaster/protocol";
import { useTRPC } from "../trpc";
import { formatPorts } from "../format";
import { Ago } from "./Ago";
import { ConfirmDialog } from "./ConfirmDialog";
import { Badge, Button, Spinner, stateTone } from "./ui";

type Action = "start" | "stop" | "restart" | "remove";
const LABEL: Record<Action, string> = { start: "Start", stop: "Stop", restart: "Restart", remove: "Remove" };
const PENDING: Record<Action, string> = { start: "starting…", stop: "stopping…", restart: "restarting…", remove: "removing…" };
const EXPLAIN: Record<Action, string> = {
  start: "POST /containers/{id}/start: the engine starts the container's process in its namespaces and cgroups.",
  stop: "POST /containers/{id}/stop: SIGTERM to the main process, then SIGKILL after the stop timeout.",
  restart: "POST /containers/{id}/restart: stop, then start again with the same configuration.",
  remove: "DELETE /containers/{id}: the container and its writable (copy-on-write) layer are deleted. The image stays.",
};
const UP = new Set(["running", "restarting", "paused"]);

/**
 * One container: its cells and its Start / Stop / Restart / Remove actions, each behind a
 * confirmation. While a request is in flight the row shows it and its buttons are disabled; the
 * state cell itself changes only when the engine's event arrives over the socket.
 */
export function ContainerRow({ hostId, container: c, onError, may }: { hostId: string; container: ContainerSummary; onError: (message: string) => void; may: ReadonlySet<string> }) {
  const trpc = useTRPC();
  const [confirming, setConfirming] = useState<Action | null>(null);
  const [force, setForce] = useState(false);
  const handlers = { onError: (e: { message: string }) => onError(`${c.name}: ${e.message}`) };
  const mutations = {
    start: useMutation(trpc.containers.start.mutationOptions(handlers)),
    stop: useMutation(trpc.containers.stop.mutationOptions(handlers)),
    restart: useMutation(trpc.containers.restart.mutationOptions(handlers)),
    remove: useMutation(trpc.containers.remove.mutationOptions(handlers)),
  };
  const pending = (Object.keys(mutations) as Action[]).find((a) => mutations[a].isPending);
  const up = UP.has(c.state);
  const busy = !!pending || c.state === "removing";

  const run = (action: Action) => {
    setConfirming(null);
    const input = { hostId, id: c.id };
    if (action === "remove") mutations.remove.mutate({ ...input, force });
    else mutations[action].mutate(input);
  };
  const ask = (action: Action) => {
    setForce(false);
    setConfirming(action);
  };

  return (
    <tr data-testid="container-row" data-container-name={c.name} aria-busy={busy || undefined} className={pending ? "bg-sky-950/30" : "hover:bg-zinc-900/70"}>
      <td className="px-3 py-1.5">
        <Link href={`/hosts/${hostId}/containers/${c.id}`} className="whitespace-nowrap font-medium text-sky-300 hover:underline">
          {c.name}
        </Link>
        <div className="mono text-[11px] text-zinc-500">{c.id.slice(0, 12)}</div>
      </td>
      <td className="mono max-w-64 truncate px-3 py-1.5 text-xs text-zinc-300" title={c.image}>
        {c.image}
      </td>
      <td className="px-3 py-1.5">
        <Badge tone={stateTone(c.state)} testId="container-state">
          {c.state}
        </Badge>
      </td>
      <td className="px-3 py-1.5 text-xs text-zinc-400">{c.status}</td>
      <td className="mono px-3 py-1.5 text-xs text-zinc-300">{formatPorts(c.ports) || <span className="text-zinc-600">—</span>}</td>
      <td className="whitespace-nowrap px-3 py-1.5 text-xs text-zinc-400">
        <Ago date={c.created * 1000} />
      </td>
      <td className="px-3 py-1.5">
        <div className="flex items-center justify-end gap-1.5">
          {pending && (
            <span role="status" className="mr-1 flex items-center gap-1.5 whitespace-nowrap text-xs text-sky-300" data-testid="container-pending">
              <Spinner /> {PENDING[pending]}
            </span>
          )}
          {may.has("container.operate") && (
            <>
              <Button disabled={busy || up} onClick={() => ask("start")}>Start</Button>
              <Button disabled={busy || !up} onClick={() => ask("stop")}>Stop</Button>
              <Button disabled={busy} onClick={() => ask("restart")}>Restart</Button>
            </>
          )}
          {may.has("container.delete") && (
            <Button variant="subtleDanger" disabled={busy} onClick={() => ask("remove")}>Remove</Button>
          )}
        </div>
        {confirming && (
          <ConfirmDialog title={`${LABEL[confirming]} container ${c.name}?`} danger={confirming === "remove" || confirming === "stop"} onCancel={() => setConfirming(null)} onConfirm={() => run(confirming)}>
            <p className="mono text-xs">{EXPLAIN[confirming]}</p>
            {confirming === "remove" && (
              <label className="mt-3 flex items-center gap-2 text-sm text-zinc-300">
                <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
                Force (kill it first if it is running)
              </label>
            )}
          </ConfirmDialog>
        )}
      </td>
    </tr>
  );
}
