"use client";
import { useRef, useState } from "react";
import Link from "next/link";
import { useMutation } from "@tanstack/react-query";
import { ContainerName, ContainerSignal, SIGNAL_NAMES } from "@dockmaster/protocol";
import { useTRPC } from "../trpc";
import { ActionMenu } from "./ActionMenu";
import { ConfirmDialog } from "./ConfirmDialog";
import { Button, Spinner } from "./ui";

type Action = "start" | "stop" | "restart" | "remove" | "pause" | "unpause" | "kill" | "rename";
const LABEL: Record<Action, string> = { start: "Start", stop: "Stop", restart: "Restart", remove: "Remove", pause: "Pause", unpause: "Unpause", kill: "Kill", rename: "Rename" };
const PENDING: Record<Action, string> = { start: "starting…", stop: "stopping…", restart: "restarting…", remove: "removing…", pause: "pausing…", unpause: "unpausing…", kill: "killing…", rename: "renaming…" };
const EXPLAIN: Record<Action, string> = {
  start: "POST /containers/{id}/start: the engine starts the container's process in its namespaces and cgroups.",
  stop: "POST /containers/{id}/stop: SIGTERM to the main process, then SIGKILL after the stop timeout.",
  restart: "POST /containers/{id}/restart: stop, then start again with the same configuration.",
  remove: "DELETE /containers/{id}: the container and its writable (copy-on-write) layer are deleted. The image stays.",
  pause: "POST /containers/{id}/pause: the cgroup freezer stops every process of the container where it is; memory stays allocated.",
  unpause: "POST /containers/{id}/unpause: the cgroup freezer lets the processes run again from where they were.",
  kill: "POST /containers/{id}/kill: sends the signal to the main process (PID 1 in its namespace) at once — no grace period. A process may catch or ignore any signal except SIGKILL.",
  rename: "POST /containers/{id}/rename: only the name changes; the id, configuration and state stay.",
};
const UP = new Set(["running", "restarting", "paused"]);

export interface ContainerRef {
  id: string;
  name: string;
  state: string;
}

/**
 * Every action on one container, each behind a confirmation, shown only when the user holds the
 * permission (the server checks regardless). `compact` (a table row) tucks the less common ones
 * — pause, kill, rename, duplicate — into a "More" menu.
 */
export function ContainerActions({ hostId, container: c, may, onError, onRemoved, compact = false }: {
  hostId: string;
  container: ContainerRef;
  may: ReadonlySet<string>;
  onError: (message: string) => void;
  onRemoved?: () => void;
  compact?: boolean;
}) {
  const trpc = useTRPC();
  const [confirming, setConfirming] = useState<Action | null>(null);
  // An action chosen in the "More" menu: its item is gone once the dialog closes, so focus goes
  // back to the menu's button.
  const actions = useRef<HTMLDivElement>(null);
  const fromMenu = useRef(false);
  // The container is gone and its row is about to be: focus inside it (or already dropped) goes to
  // the page's heading rather than to <body>.
  const keepFocus = () => {
    const active = document.activeElement;
    const heading = document.querySelector<HTMLElement>("main h1");
    if (!heading || !(active === document.body || actions.current?.contains(active))) return;
    if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
    heading.focus();
  };
  const [force, setForce] = useState(false);
  const [signal, setSignal] = useState("SIGTERM");
  const [newName, setNewName] = useState(c.name);
  const handlers = { onError: (e: { message: string }) => onError(`${c.name}: ${e.message}`) };
  const mutations = {
    start: useMutation(trpc.containers.start.mutationOptions(handlers)),
    stop: useMutation(trpc.containers.stop.mutationOptions(handlers)),
    restart: useMutation(trpc.containers.restart.mutationOptions(handlers)),
    remove: useMutation(trpc.containers.remove.mutationOptions({ ...handlers, onSuccess: () => (keepFocus(), onRemoved?.()) })),
    pause: useMutation(trpc.containers.pause.mutationOptions(handlers)),
    unpause: useMutation(trpc.containers.unpause.mutationOptions(handlers)),
    kill: useMutation(trpc.containers.kill.mutationOptions(handlers)),
    rename: useMutation(trpc.containers.rename.mutationOptions(handlers)),
  };
  const pending = (Object.keys(mutations) as Action[]).find((a) => mutations[a].isPending);
  const up = UP.has(c.state);
  const busy = !!pending || c.state === "removing";
  const operate = may.has("container.operate");

  // Checked here with the server's own schemas, so a typo is named before any request.
  const signalCheck = ContainerSignal.safeParse(/^\d+$/.test(signal) ? Number(signal) : signal);
  const nameCheck = ContainerName.safeParse(newName.trim());
  const invalid = confirming === "kill" ? (signalCheck.success ? null : `Signal: ${signalCheck.error.issues[0]?.message}`) : confirming === "rename" ? (nameCheck.success ? null : `Name: ${nameCheck.error.issues[0]?.message}`) : null;

  const run = (action: Action) => {
    if (invalid) return;
    setConfirming(null);
    const input = { hostId, id: c.id };
    if (action === "remove") mutations.remove.mutate({ ...input, force });
    else if (action === "kill" && signalCheck.success) mutations.kill.mutate({ ...input, signal: signalCheck.data });
    else if (action === "rename") mutations.rename.mutate({ ...input, name: newName.trim() });
    else if (action !== "kill") mutations[action].mutate(input);
  };
  const ask = (action: Action) => {
    fromMenu.current = !!document.activeElement?.closest('[role="menu"]');
    setForce(false);
    setSignal("SIGTERM");
    setNewName(c.name);
    setConfirming(action);
  };

  // Every button names its subject ("Stop web-1"): a row of "Stop" buttons is ambiguous to a
  // screen reader. In the menu, each is a menuitem.
  const item = compact ? ({ role: "menuitem" } as const) : {};
  const secondary = (
    <>
      {operate && c.state === "paused" && <Button {...item} disabled={busy} onClick={() => ask("unpause")} aria-label={`Unpause ${c.name}`}>Unpause</Button>}
      {operate && c.state !== "paused" && <Button {...item} disabled={busy || c.state !== "running"} onClick={() => ask("pause")} aria-label={`Pause ${c.name}`}>Pause</Button>}
      {operate && <Button {...item} disabled={busy || !up} onClick={() => ask("kill")} aria-label={`Kill ${c.name}…`}>Kill…</Button>}
      {operate && <Button {...item} disabled={busy} onClick={() => ask("rename")} aria-label={`Rename ${c.name}…`}>Rename…</Button>}
      {may.has("container.create") && (
        <Link {...item} href={`/hosts/${hostId}/containers/new?from=${encodeURIComponent(c.id)}`} aria-label={`Duplicate ${c.name}`} className="touch-target rounded bg-zinc-800 px-2.5 py-1 text-xs font-medium text-zinc-100 ring-1 ring-inset ring-zinc-700 hover:bg-zinc-700" title="Open the create form filled in from this container">
          Duplicate
        </Link>
      )}
    </>
  );
  const hasSecondary = operate || may.has("container.create");

  return (
    <div ref={actions} className="flex flex-wrap items-center justify-end gap-1.5">
      {pending && (
        <span role="status" className="mr-1 flex items-center gap-1.5 whitespace-nowrap text-xs text-sky-300" data-testid="container-pending">
          <Spinner /> {PENDING[pending]}
        </span>
      )}
      {operate && (
        <>
          <Button disabled={busy || up} onClick={() => ask("start")} aria-label={`Start ${c.name}`}>Start</Button>
          <Button disabled={busy || !up} onClick={() => ask("stop")} aria-label={`Stop ${c.name}`}>Stop</Button>
          <Button disabled={busy} onClick={() => ask("restart")} aria-label={`Restart ${c.name}`}>Restart</Button>
        </>
      )}
      {hasSecondary &&
        (compact ? (
          <ActionMenu label="More ▾" accessibleName={`More actions for ${c.name}`}>
            {secondary}
          </ActionMenu>
        ) : (
          secondary
        ))}
      {may.has("container.delete") && (
        <Button variant="subtleDanger" disabled={busy} onClick={() => ask("remove")} aria-label={`Remove ${c.name}`}>Remove</Button>
      )}
      {confirming && (
        <ConfirmDialog
          title={`${LABEL[confirming]} container ${c.name}?`}
          confirmLabel={LABEL[confirming]}
          danger={confirming === "remove" || confirming === "stop" || confirming === "kill"}
          onCancel={() => setConfirming(null)}
          onConfirm={() => run(confirming)}
          returnFocus={() => (fromMenu.current ? actions.current?.querySelector<HTMLElement>('[aria-haspopup="menu"]') : null)}
        >
          <p className="mono text-xs">{EXPLAIN[confirming]}</p>
          {confirming === "remove" && (
            <label className="mt-3 flex items-center gap-2 text-sm text-zinc-300">
              <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
              Force (kill it first if it is running)
            </label>
          )}
          {confirming === "kill" && (
            <label className="mt-3 block text-xs text-zinc-400">
              Signal (a name or a number)
              <input list="kill-signals" aria-label="Signal" value={signal} onChange={(e) => setSignal(e.target.value.trim())} className="mono mt-1 block w-full rounded border border-zinc-700 bg-zinc-950 px-2.5 py-1.5 text-sm outline-none focus:border-sky-500" />
              <datalist id="kill-signals">
                {SIGNAL_NAMES.map((s) => (
                  <option key={s} value={s} />
                ))}
              </datalist>
            </label>
          )}
          {confirming === "rename" && (
            <label className="mt-3 block text-xs text-zinc-400">
              New name
              <input aria-label="New name" value={newName} onChange={(e) => setNewName(e.target.value)} className="mono mt-1 block w-full rounded border border-zinc-700 bg-zinc-950 px-2.5 py-1.5 text-sm outline-none focus:border-sky-500" />
            </label>
          )}
          {invalid && (
            <p role="alert" className="mt-2 text-xs text-rose-300">
              {invalid}
            </p>
          )}
        </ConfirmDialog>
      )}
    </div>
  );
}
