"use client";
import Link from "next/link";
import { Badge, Button, Spinner, type Tone } from "../components/ui";
import { outcomeExplanation, stepSubject, type Progress, type StepStatus } from "./deploy-progress";

const TONE: Record<StepStatus, Tone> = { pending: "zinc", running: "blue", waiting: "amber", done: "green", failed: "red", skipped: "zinc", "not-attempted": "zinc" };

/**
 * A deploy as it happens (one row per step, image pulls first) with Cancel, then its outcome: what
 * was done, what failed and why, what was not attempted, and what to do next.
 */
export function DeployProgressView({ hostId, stackName, progress, onCancel, cancelling }: { hostId: string; stackName: string; progress: Progress; onCancel?: () => void; cancelling?: boolean }) {
  const outcome = outcomeExplanation(progress);
  return (
    <section aria-label={`Deploy of ${stackName}`} className="space-y-2 rounded-lg border border-zinc-800 p-3" data-testid="deploy-progress">
      <div className="flex items-center gap-2">
        <h3 className="text-sm font-semibold text-white">Deploy of {stackName}</h3>
        {!outcome && <Spinner />}
        {!outcome && onCancel && (
          <Button className="ml-auto" onClick={onCancel} disabled={cancelling} aria-label={`Cancel deploy of ${stackName}`}>
            {cancelling ? "Cancelling…" : "Cancel"}
          </Button>
        )}
      </div>
      <ul className="space-y-0.5 text-xs">
        {progress.pulls.map((p) => (
          <li key={`pull:${p.image}`} className="flex gap-2" data-testid="deploy-pull">
            <Badge tone={p.status === "failed" ? "red" : p.status === "running" ? "blue" : "green"}>{p.status}</Badge>
            <span className="mono">pull {p.image}</span>
            {p.message && <span className="text-zinc-500">{p.message}</span>}
          </li>
        ))}
        {progress.steps.map((s, i) => (
          <li key={i} className="flex items-center gap-2" data-testid="deploy-step" data-status={s.status} data-service={s.service ?? ""}>
            <Badge tone={TONE[s.status]}>{s.status}</Badge>
            <span className="mono text-zinc-300">{s.kind}</span>
            <span className="mono text-zinc-200">{stepSubject(s)}</span>
            {s.containerId && s.kind.startsWith("service.") && (
              <Link className="text-sky-300 hover:underline" href={`/hosts/${hostId}/containers/${s.containerId}`}>
                open container
              </Link>
            )}
            {s.message && <span className={s.status === "failed" ? "text-rose-300" : "text-zinc-500"}>{s.message}</span>}
          </li>
        ))}
      </ul>
      {outcome && (
        <div role={progress.summary?.outcome === "succeeded" ? "status" : "alert"} data-testid="deploy-outcome" data-outcome={progress.summary?.outcome} className={`rounded border px-3 py-2 text-sm ${progress.summary?.outcome === "succeeded" ? "border-emerald-700/60 bg-emerald-950/40 text-emerald-200" : "border-rose-700/60 bg-rose-950/40 text-rose-200"}`}>
          <p className="font-semibold">{outcome.headline}</p>
          {outcome.failed.map((f) => (
            <p key={f.subject}>
              <span className="mono">{f.subject}</span>: {f.message}
            </p>
          ))}
          {outcome.done.length > 0 && progress.summary?.outcome !== "succeeded" && <p className="mt-1 text-xs">Done: {outcome.done.join(", ")}.</p>}
          {outcome.notDone.length > 0 && <p className="text-xs">Not attempted: {outcome.notDone.join(", ")}.</p>}
          {outcome.advice && <p className="mt-1 text-xs">{outcome.advice}</p>}
        </div>
      )}
    </section>
  );
}
