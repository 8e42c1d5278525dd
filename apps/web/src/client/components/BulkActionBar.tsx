"use client";
import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import type { BulkAction, BulkContainerTarget } from "@dockmaster/protocol";
import { useTRPC } from "../trpc";
import { BatchProgress } from "./BatchProgress";
import { ConfirmDialog } from "./ConfirmDialog";
import { TextField } from "./forms";
import { Button, ErrorBanner } from "./ui";

export type BulkSelection = { kind: "containers"; targets: BulkContainerTarget[] } | { kind: "hosts"; hostIds: string[] };

const LABELS: Record<BulkAction, string> = {
  "container.start": "Start",
  "container.stop": "Stop",
  "container.restart": "Restart",
  "container.remove": "Remove",
  "image.pull": "Pull image",
  "image.prune": "Prune images",
  "agent.upgrade": "Upgrade agent",
};
const DANGER = new Set<BulkAction>(["container.stop", "container.remove", "image.prune"]);

/**
 * Acts on a selection (containers across hosts, or hosts): choose an action, confirm with the
 * target count, then follow each target live until the summary. Every target is checked on the
 * server against its own host; refused ones show up as failed with the reason.
 */
export function BulkActionBar({ selection, onClear }: { selection: BulkSelection; onClear?: () => void }) {
  const trpc = useTRPC();
  const [confirming, setConfirming] = useState<BulkAction | null>(null);
  const [force, setForce] = useState(false);
  const [ref, setRef] = useState("");
  const [pruneAll, setPruneAll] = useState(false);
  const [batchId, setBatchId] = useState<string | null>(null);
  const start = useMutation(trpc.bulk.start.mutationOptions({ onSuccess: (r) => setBatchId(r.batchId) }));
  const count = selection.kind === "containers" ? selection.targets.length : selection.hostIds.length;
  const noun = selection.kind === "containers" ? (count === 1 ? "container" : "containers") : count === 1 ? "host" : "hosts";
  const actions: BulkAction[] = selection.kind === "containers" ? ["container.start", "container.stop", "container.restart", "container.remove"] : ["image.pull", "image.prune", "agent.upgrade"];

  const run = (action: BulkAction) => {
    setConfirming(null);
    if (selection.kind === "containers") {
      const targets = selection.targets;
      if (action === "container.remove") start.mutate({ action, targets, force });
      else if (action === "container.start" || action === "container.stop" || action === "container.restart") start.mutate({ action, targets });
    } else if (action === "image.pull") start.mutate({ action, hostIds: selection.hostIds, ref: ref.trim() });
    else if (action === "image.prune") start.mutate({ action, hostIds: selection.hostIds, mode: pruneAll ? "unused" : "dangling" });
    else if (action === "agent.upgrade") start.mutate({ action, hostIds: selection.hostIds });
  };

  if (batchId) {
    return (
      <div className="space-y-2 rounded-lg border border-zinc-800 bg-zinc-900/60 p-3" data-testid="bulk-bar">
        <BatchProgress batchId={batchId} />
        <Button
          onClick={() => {
            setBatchId(null);
            start.reset();
            onClear?.();
          }}
        >
          Close
        </Button>
      </div>
    );
  }
  if (count === 0) return null;
  return (
    <div className="flex flex-wrap items-end gap-2 rounded-lg border border-sky-800/60 bg-sky-950/30 p-3" data-testid="bulk-bar">
      <span className="text-sm text-sky-100" data-testid="bulk-count">
        {count} {noun} selected
        {selection.kind === "containers" && ` on ${new Set(selection.targets.map((t) => t.hostId)).size} host(s)`}
      </span>
      {selection.kind === "hosts" && (
        <div className="w-72">
          <TextField label="Image to pull" value={ref} onChange={(e) => setRef(e.target.value)} placeholder="registry.example:5000/app:1.2" />
        </div>
      )}
      {actions.map((action) => (
        <Button key={action} variant={DANGER.has(action) ? "subtleDanger" : "default"} disabled={start.isPending || (action === "image.pull" && !ref.trim())} onClick={() => setConfirming(action)}>
          {LABELS[action]}
        </Button>
      ))}
      {onClear && (
        <Button className="ml-auto" onClick={onClear}>
          Clear selection
        </Button>
      )}
      {start.error && <ErrorBanner message={start.error.message} onClose={() => start.reset()} />}
      {confirming && (
        <ConfirmDialog title={`${LABELS[confirming]} ${count} ${noun}?`} confirmLabel={`${LABELS[confirming]} ${count}`} danger={DANGER.has(confirming)} onConfirm={() => run(confirming)} onCancel={() => setConfirming(null)}>
          <p>
            Each {selection.kind === "containers" ? "container" : "host"} is its own operation with its own result; those you may not act on are reported as refused.
            {confirming === "image.pull" && <span className="mono block pt-1 text-zinc-300">{ref}</span>}
          </p>
          {confirming === "container.remove" && (
            <label className="mt-3 flex items-center gap-2 text-zinc-300">
              <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> also remove running containers (force)
            </label>
          )}
          {confirming === "image.prune" && (
            <label className="mt-3 flex items-center gap-2 text-zinc-300">
              <input type="checkbox" checked={pruneAll} onChange={(e) => setPruneAll(e.target.checked)} /> every unused image, not only dangling ones
            </label>
          )}
        </ConfirmDialog>
      )}
    </div>
  );
}
