"use client";
import { Badge, Button, Spinner, type Tone } from "../components/ui";
import { outcomeExplanation, type Progress, type ServiceStatus } from "./deploy-progress";

const TONE: Record<ServiceStatus, Tone> = { pending: "zinc", working: "blue", done: "green", failed: "red", "not-attempted": "zinc", unchanged: "zinc" };

/**
 * A deploy as it happens — one row per service with its action and latest progress, lines about
 * pulls and networks under it — with Cancel, then its outcome: what was done, what failed and why,
 * what was not attempted, and what to do next.
 */
export function DeployProgressView({ stackName, hostName, progress, onCancel, cancelling }: { stackName: string; hostName: string; progress: Progress; onCancel?: () => void; cancelling?: boolean }) {
  const outcome = outcomeExplanation(progress);
  const ok = progress.finished?.ok;
  return (
    <section aria-label={`Deploy of ${stackName} on ${hostName}`} className="space-y-2 rounded-lg border border-zinc-800 p-3" data-testid="deploy-progress">
      <div className="flex items-center gap-2">
        <h3 className="text-sm font-semibold text-white">
          Deploy of {stackName} on {hostName}
        </h3>
        {!outcome && <Spinner />}
        {!outcome && onCancel && (
          <Button className="ml-auto" onClick={onCancel} disabled={cancelling}>
            {cancelling ? "Cancelling…" : `Cancel deploy of ${stackName}`}
          </Button>
        )}
      </div>
      <ul className="space-y-0.5 text-xs">
        {progress.services.map((s) => (
          <li key={s.subject} className="flex items-center gap-2" data-testid="deploy-service" data-service={s.subject} data-status={s.status}>
            <Badge tone={TONE[s.status]}>{s.status}</Badge>
            <span className="mono w-32 truncate text-zinc-200">{s.subject}</span>
            <span className="text-zinc-500">{s.action}</span>
            {s.message && <span className={s.status === "failed" ? "text-rose-300" : "text-zinc-400"}>{s.message}</span>}
          </li>
        ))}
      </ul>
      {progress.general.length > 0 && (
        <pre className="mono max-h-32 overflow-auto rounded bg-black p-2 text-[11px] text-zinc-400" aria-label="Other progress">
          {progress.general.join("\n")}
        </pre>
      )}
      {outcome && (
        <div role={ok ? "status" : "alert"} data-testid="deploy-outcome" data-outcome={ok ? "succeeded" : progress.finished?.cancelled ? "cancelled" : "failed"} className={`rounded border px-3 py-2 text-sm ${ok ? "border-emerald-700/60 bg-emerald-950/40 text-emerald-200" : "border-rose-700/60 bg-rose-950/40 text-rose-200"}`}>
          <p className="font-semibold">{outcome.headline}</p>
          {outcome.failed.map((f) => (
            <p key={f.subject}>
              <span className="mono">{f.subject}</span>: {f.message}
            </p>
          ))}
          {!ok && outcome.done.length > 0 && <p className="mt-1 text-xs">Done: {outcome.done.join(", ")}.</p>}
          {outcome.notDone.length > 0 && <p className="text-xs">Not attempted: {outcome.notDone.join(", ")}.</p>}
          {outcome.advice && <p className="mt-1 text-xs">{outcome.advice}</p>}
        </div>
      )}
    </section>
  );
}
