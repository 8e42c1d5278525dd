"use client";
import { useEffect, useRef, useState } from "react";
import { useStream } from "../use-stream";
import { bytes } from "../format";
import { Badge, Button, ErrorBanner } from "../components/ui";
import { foldProgress, overallFraction, type TransferState } from "./transfer-progress";
import { pushedDigest, pushFailureHint, registryOf } from "./push-target";

function Bar({ fraction, testId }: { fraction: number; testId?: string }) {
  return (
    <div data-testid={testId} data-fraction={fraction.toFixed(2)} className="h-2 w-full rounded bg-zinc-800">
      <div className="h-2 rounded bg-sky-500 transition-[width]" style={{ width: `${Math.round(fraction * 100)}%` }} />
    </div>
  );
}

/** A running pull or push: one progress bar per layer and one overall; cancel stops it. */
export function TransferRun({ hostId, kind, reference, onDone }: { hostId: string; kind: "pull" | "push"; reference: string; onDone: (ok: boolean) => void }) {
  const [state, setState] = useState<TransferState>({ layers: [], messages: [] });
  const [active, setActive] = useState(true);
  const stream = useStream(active ? { hostId, type: kind === "pull" ? "image.pull" : "image.push", params: { ref: reference } } : null, (frames) => setState((s) => foldProgress(s, frames)));
  const finished = stream.phase === "ended" || stream.phase === "failed";
  const reported = useRef(false);
  useEffect(() => {
    if (!finished || reported.current) return;
    reported.current = true;
    onDone(stream.phase === "ended");
  }, [finished, stream.phase, onDone]);
  const fraction = overallFraction(state.layers);
  return (
    <div data-testid={`${kind}-progress`} className="space-y-2 rounded border border-zinc-800 bg-zinc-950 p-3 text-xs">
      <div className="flex items-center gap-2">
        <span className="mono text-zinc-200">{reference}</span>
        <Badge tone={stream.phase === "ended" ? "green" : stream.phase === "failed" ? "red" : "blue"} testId={`${kind}-state`}>
          {stream.phase === "ended" ? "done" : stream.phase === "failed" ? "failed" : !active ? "cancelled" : `${kind}ing`}
        </Badge>
        {active && !finished && (
          <Button onClick={() => setActive(false)} type="button">
            Cancel
          </Button>
        )}
      </div>
      <Bar fraction={stream.phase === "ended" ? 1 : fraction} testId={`${kind}-overall`} />
      <ul className="space-y-1">
        {state.layers.map((l) => (
          <li key={l.id} data-testid="layer-progress" className="grid grid-cols-[8rem_10rem_1fr_8rem] items-center gap-2">
            <span className="mono text-zinc-400">{l.id}</span>
            <span className={l.done ? "text-emerald-300" : "text-zinc-300"}>{l.status}</span>
            <Bar fraction={l.done ? 1 : l.total ? l.current / l.total : 0} />
            <span className="mono text-zinc-500">{l.total ? `${bytes(l.current)} / ${bytes(l.total)}` : ""}</span>
          </li>
        ))}
      </ul>
      {state.messages.map((m, i) => (
        <p key={i} className="mono text-zinc-500">
          {m}
        </p>
      ))}
      {kind === "push" && stream.phase === "ended" && pushedDigest(state.messages) && (
        <p data-testid="push-digest" className="text-emerald-300">
          Pushed {reference}: digest <span className="mono">{pushedDigest(state.messages)}</span>
        </p>
      )}
      {stream.error && <ErrorBanner message={stream.error} />}
      {stream.error && kind === "push" && pushFailureHint(stream.error, registryOf(reference)) && (
        <p data-testid="push-hint" className="text-amber-300">
          {pushFailureHint(stream.error, registryOf(reference))}
        </p>
      )}
    </div>
  );
}

/** Pull an image by reference (credentials of a stored registry are added by the server). */
export function PullImage({ hostId, onPulled }: { hostId: string; onPulled?: () => void }) {
  const [reference, setReference] = useState("");
  const [runs, setRuns] = useState<string[]>([]);
  return (
    <div className="space-y-2">
      <form
        className="flex items-center gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (reference.trim()) setRuns((r) => [reference.trim(), ...r]);
        }}
      >
        <input data-testid="pull-reference" className="mono w-96 rounded bg-zinc-900 px-2 py-1 text-sm ring-1 ring-zinc-700" placeholder="registry:5000/team/app:1.0" value={reference} onChange={(e) => setReference(e.target.value)} />
        <Button type="submit" variant="primary" data-testid="pull-submit">
          Pull
        </Button>
      </form>
      {runs.map((r, i) => (
        <TransferRun key={`${runs.length - i}-${r}`} hostId={hostId} kind="pull" reference={r} onDone={(ok) => ok && onPulled?.()} />
      ))}
    </div>
  );
}
