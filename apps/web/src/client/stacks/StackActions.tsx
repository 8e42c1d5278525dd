"use client";
import { useState } from "react";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { Button } from "../components/ui";
import { useFocusReturn } from "./use-focus-return";

export type LifecycleAction = "start" | "stop" | "restart" | "down";

/**
 * Start, stop, restart and down of a stack on one host, each named with its target ("Stop shop").
 * Stop and down ask first; down removes the named volumes only when that box is ticked in the
 * dialog. Start / stop / restart need container.operate, down stack.delete. Focus goes back to the
 * button afterwards.
 */
export function StackActions({ stackName, hostName, may, pending, onAction }: {
  stackName: string;
  hostName: string;
  may: { operate: boolean; delete: boolean };
  pending: boolean;
  onAction: (action: LifecycleAction, options: { removeVolumes: boolean }) => void;
}) {
  const [asking, setAsking] = useState<LifecycleAction | null>(null);
  const [removeVolumes, setRemoveVolumes] = useState(false);
  const focus = useFocusReturn();
  if (!may.operate && !may.delete) return null;
  const close = () => {
    setAsking(null);
    setRemoveVolumes(false);
    focus.restore();
  };
  const label = (a: LifecycleAction) => `${a[0]!.toUpperCase()}${a.slice(1)} ${stackName}`;
  return (
    <span className="flex flex-wrap gap-2">
      {(["start", "stop", "restart", "down"] as const).filter((a) => (a === "down" ? may.delete : may.operate)).map((a) => (
        <Button
          key={a}
          variant={a === "down" ? "subtleDanger" : "default"}
          // aria-disabled, not disabled, while one runs: focus can come back to the button that opened the dialog.
          aria-disabled={pending}
          className={pending ? "opacity-40" : ""}
          onClick={() => {
            if (pending) return;
            if (a === "start" || a === "restart") return onAction(a, { removeVolumes: false });
            focus.remember();
            setAsking(a);
          }}
        >
          {label(a)}
        </Button>
      ))}
      {asking === "stop" && (
        <ConfirmDialog title={`Stop ${stackName} on ${hostName}?`} confirmLabel="Stop" onCancel={() => close()} onConfirm={() => (onAction("stop", { removeVolumes: false }), close())}>
          Every container of the stack stops; they keep their data and start again with Start.
        </ConfirmDialog>
      )}
      {asking === "down" && (
        <ConfirmDialog title={`Down ${stackName} on ${hostName}?`} confirmLabel={removeVolumes ? "Down and delete volumes" : "Down"} danger onCancel={() => close()} onConfirm={() => (onAction("down", { removeVolumes }), close())}>
          <p>The stack&apos;s containers and networks are removed. The stack, its files and history stay: Deploy brings it back.</p>
          <label className="mt-3 flex items-start gap-2 text-rose-200">
            <input type="checkbox" checked={removeVolumes} onChange={(e) => setRemoveVolumes(e.target.checked)} />
            <span>Also delete the stack&apos;s named volumes and all the data in them (cannot be undone)</span>
          </label>
        </ConfirmDialog>
      )}
    </span>
  );
}
