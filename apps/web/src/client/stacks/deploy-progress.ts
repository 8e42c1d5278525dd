import type { PlanRow } from "./plan-rows";

/**
 * A deploy's live progress per service and its outcome. The control plane runs each host's deploy
 * as an Operation of a bulk batch and relays the agent's progress as lines ("web: created",
 * "db: waiting until healthy"); the plan shown before says which services will change. Plain
 * TypeScript: the progress view and its tests share it.
 */
export type ServiceStatus = "pending" | "working" | "done" | "failed" | "not-attempted" | "unchanged";

export interface ServiceProgress {
  subject: string;
  action: string;
  status: ServiceStatus;
  message: string | null;
}

export interface Progress {
  services: ServiceProgress[];
  /** Lines about no service in particular (image pulls, networks). */
  general: string[];
  finished: { ok: boolean; error: string | null; cancelled: boolean } | null;
}

/** Before anything runs: one row per service the plan touches, unchanged ones marked so. */
export function startProgress(plan: readonly PlanRow[]): Progress {
  const services: ServiceProgress[] = [];
  for (const r of plan) {
    if (r.kind === "network" || r.kind === "volume") continue;
    const existing = services.find((s) => s.subject === r.subject);
    if (existing) continue;
    services.push({ subject: r.subject, action: r.action, status: r.action === "unchanged" ? "unchanged" : "pending", message: null });
  }
  return { services, general: [], finished: null };
}

const FAILED = /\b(fail(ed|s)?|error|refused|cannot|unhealthy|exited with)\b/i;
// "waiting until healthy" is still under way, though it names the state it waits for.
const UNDER_WAY = /\b(waiting|pulling|creating|recreating|starting|stopping|removing|restarting)\b/i;
const DONE = /\b(created|recreated|started|running|healthy|removed|stopped|restarted|unchanged|done|up to date|completed)\b/i;

/** One progress line: "service: message" moves that service along, anything else is general. */
export function applyLine(progress: Progress, line: string): Progress {
  const at = line.indexOf(": ");
  const subject = at > 0 ? line.slice(0, at) : null;
  const known = subject !== null && progress.services.some((s) => s.subject === subject);
  if (!known) return { ...progress, general: [...progress.general.slice(-19), line] };
  const message = line.slice(at + 2);
  const status: ServiceStatus = FAILED.test(message) ? "failed" : !UNDER_WAY.test(message) && DONE.test(message) ? "done" : "working";
  return { ...progress, services: progress.services.map((s) => (s.subject === subject ? { ...s, status, message } : s)) };
}

/** What the server's error says of one service ("… web: port 8080 is taken; …"), if anything. */
function failureOf(error: string | null, subject: string): string | null {
  const at = error?.search(new RegExp(`(^|[\\s—(])${subject.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: `)) ?? -1;
  if (at < 0 || !error) return null;
  const rest = error.slice(error.indexOf(`${subject}: `, at) + subject.length + 2);
  return rest.split(/; |\. Done:/)[0]!.trim() || null;
}

/**
 * The end of the deploy: a service the server's error names failed (with its words — progress
 * lines are throttled, so the last one may never have come); the others that never started are
 * "not attempted" after a failure or a cancel.
 */
export function finish(progress: Progress, end: { ok: boolean; error: string | null }): Progress {
  const cancelled = !end.ok && /cancel/i.test(end.error ?? "");
  const services = progress.services.map((s): ServiceProgress => {
    if (end.ok) return s.status === "pending" || s.status === "working" ? { ...s, status: "done" } : s;
    const named = s.status === "done" || s.status === "failed" ? null : failureOf(end.error, s.subject);
    if (named) return { ...s, status: "failed", message: named };
    if (s.status === "pending") return { ...s, status: "not-attempted" };
    return s;
  });
  return { ...progress, services, finished: { ok: end.ok, error: end.error, cancelled } };
}

/**
 * What a finished deploy did and, when it failed or was cancelled, what is left and what to do:
 * the outcome view says it in these words, so nothing is left half-done without explanation.
 */
export function outcomeExplanation(progress: Progress): { headline: string; done: string[]; notDone: string[]; failed: Array<{ subject: string; message: string }>; advice: string | null } | null {
  const end = progress.finished;
  if (!end) return null;
  const changed = progress.services.filter((s) => s.status !== "unchanged");
  const done = changed.filter((s) => s.status === "done").map((s) => `${s.subject} (${s.action})`);
  const notDone = changed.filter((s) => s.status === "not-attempted" || s.status === "working").map((s) => `${s.subject} (${s.action})`);
  const failed = changed.filter((s) => s.status === "failed").map((s) => ({ subject: s.subject, message: s.message ?? "failed" }));
  if (end.ok) return { headline: changed.length ? `Deployed: ${changed.length} service${changed.length === 1 ? "" : "s"} changed.` : "Nothing to change: everything already ran as described.", done, notDone: [], failed: [], advice: null };
  if (failed.length === 0 && end.error) failed.push({ subject: "deploy", message: end.error });
  if (end.cancelled) {
    return { headline: "Cancelled: the deploy stopped before its next step.", done, notDone, failed: [], advice: "What was applied stays as it is. Deploy again to finish: the plan compares with what runs, so only the remaining changes are made." };
  }
  return {
    headline: "The deploy failed and stopped.",
    done,
    notDone,
    failed,
    advice: `${failed.map((f) => f.subject).join(", ")} failed; the steps after it were not attempted and what was already created keeps running. Fix the cause named here (the file, the image, the port), then deploy again: only what is still missing or different is changed. Or roll back to an earlier revision (History).`,
  };
}
