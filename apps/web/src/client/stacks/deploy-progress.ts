/**
 * A deploy's live progress and its outcome, from the agent's stack.apply frames (relayed by the
 * control plane over /ui): per step (an index into the applied steps), per image pull, and last a
 * summary. Plain TypeScript: the progress view and its tests share it.
 */
export type StepStatus = "pending" | "running" | "waiting" | "done" | "failed" | "skipped" | "not-attempted";

export interface ApplyStepRef {
  kind: string;
  service?: string;
  container?: string;
  network?: string;
  volume?: string;
}

export type ApplyFrame =
  | { step: number; status: "running" | "waiting" | "done" | "failed" | "skipped"; service?: string; container?: string; containerId?: string; message?: string }
  | { pull: string; status: "running" | "done" | "failed"; message?: string }
  | { summary: ApplySummary };

export interface ApplySummary {
  outcome: "succeeded" | "failed" | "cancelled";
  steps: Array<{ step: number; kind: string; service?: string; container?: string; status: "done" | "failed" | "skipped" | "not-attempted"; message?: string; containerId?: string }>;
  pulls: Array<{ image: string; status: "done" | "failed" | "present"; message?: string }>;
}

export interface StepState extends ApplyStepRef {
  status: StepStatus;
  message?: string;
  containerId?: string;
}

export interface Progress {
  steps: StepState[];
  pulls: Array<{ image: string; status: string; message?: string }>;
  summary: ApplySummary | null;
}

export function startProgress(steps: readonly ApplyStepRef[]): Progress {
  return { steps: steps.map((s) => ({ ...s, status: "pending" })), pulls: [], summary: null };
}

/** The progress after some frames (a new object: React state). */
export function applyFrames(progress: Progress, frames: readonly ApplyFrame[]): Progress {
  const steps = [...progress.steps];
  const pulls = [...progress.pulls];
  let summary = progress.summary;
  for (const f of frames) {
    if ("summary" in f) {
      summary = f.summary;
      for (const s of f.summary.steps) {
        const known = steps[s.step];
        steps[s.step] = { ...(known ?? { kind: s.kind, service: s.service, container: s.container }), status: s.status, message: s.message ?? known?.message, containerId: s.containerId ?? known?.containerId };
      }
    } else if ("pull" in f) {
      const i = pulls.findIndex((p) => p.image === f.pull);
      const row = { image: f.pull, status: f.status, message: f.message };
      if (i < 0) pulls.push(row);
      else pulls[i] = row;
    } else {
      const known = steps[f.step] ?? { kind: "step", service: f.service, container: f.container, status: "pending" as const };
      steps[f.step] = { ...known, status: f.status, message: f.message ?? known.message, containerId: f.containerId ?? known.containerId };
    }
  }
  return { steps, pulls, summary };
}

/** The name a step is shown by: its service (and container), network or volume. */
export function stepSubject(s: ApplyStepRef): string {
  return s.service ? (s.container ? `${s.service} (${s.container})` : s.service) : (s.network ?? s.volume ?? s.container ?? s.kind);
}

const CHANGES = new Set(["network.create", "volume.create", "service.create", "service.recreate", "service.start", "container.remove", "container.stop", "container.restart", "network.remove", "volume.remove"]);

/**
 * What a finished deploy did and, when it failed or was cancelled, what is left and what to do:
 * the outcome view says it in these words, so nothing is left half-done without explanation.
 */
export function outcomeExplanation(progress: Progress): { headline: string; done: string[]; notDone: string[]; failed: { subject: string; message: string }[]; advice: string | null } | null {
  const summary = progress.summary;
  if (!summary) return null;
  const changes = progress.steps.filter((s) => CHANGES.has(s.kind));
  const done = changes.filter((s) => s.status === "done").map((s) => `${verb(s.kind)} ${stepSubject(s)}`);
  const failed = progress.steps.filter((s) => s.status === "failed").map((s) => ({ subject: stepSubject(s), message: s.message ?? "failed" }));
  const pullFailures = summary.pulls.filter((p) => p.status === "failed").map((p) => ({ subject: `pull ${p.image}`, message: p.message ?? "failed" }));
  const notDone = changes.filter((s) => s.status === "not-attempted" || s.status === "pending").map((s) => `${verb(s.kind)} ${stepSubject(s)}`);
  if (summary.outcome === "succeeded") return { headline: done.length ? `Deployed: ${done.length} change${done.length === 1 ? "" : "s"} applied.` : "Nothing to change: everything already ran as described.", done, notDone: [], failed: [], advice: null };
  const headline = summary.outcome === "cancelled" ? "Cancelled: the deploy stopped before its next step." : "The deploy failed and stopped.";
  const advice =
    summary.outcome === "cancelled"
      ? "What was applied stays as it is. Deploy again to finish: the plan compares with what runs, so only the remaining changes are made."
      : `${[...pullFailures, ...failed].map((f) => f.subject).join(", ") || "A step"} failed; later steps were not attempted and containers already created keep running. Fix the cause named above (the file, the image, the port), then deploy again: only what is still missing or different is changed. Or roll back to the previous revision.`;
  return { headline, done, notDone, failed: [...pullFailures, ...failed], advice };
}

function verb(kind: string): string {
  return (
    { "network.create": "created network", "volume.create": "created volume", "service.create": "created", "service.recreate": "recreated", "service.start": "started", "container.remove": "removed", "container.stop": "stopped", "container.restart": "restarted", "network.remove": "removed network", "volume.remove": "removed volume" }[kind] ?? kind
  );
}
