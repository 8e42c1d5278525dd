import { AppError, appErrorFromProtocol } from "@dockmaster/core";
import { STACK_APPLY_CANCEL, type StackApplyFrame, type StackApplyParams, type StackApplySummary } from "@dockmaster/protocol";
import type { SocketAgentHub } from "./agent-hub";
import type { StreamHandle } from "./stream-relay";

/**
 * How an apply ended, step by step. From the agent's summary when it came; when the stream ended
 * without one (the host went away, the agent stopped answering a cancel) the frames seen so far say
 * what was done, and a step caught in the middle is "interrupted": it may or may not have happened.
 */
export interface ApplyOutcome {
  outcome: StackApplySummary["outcome"] | "interrupted";
  steps: Array<Omit<StackApplySummary["steps"][number], "status"> & { status: StackApplySummary["steps"][number]["status"] | "interrupted" }>;
  pulls: StackApplySummary["pulls"];
  /** Why the outcome is "interrupted" (the stream's error). */
  error?: string;
}

/** After a cancel, how long the agent may take to finish its step and send the summary before the stream is cut. */
const CANCEL_GRACE_MS = 60_000;
const STEP_FRAME = (f: StackApplyFrame): f is Extract<StackApplyFrame, { step: number }> => "step" in f;

/** The outcome from the frames alone (no summary came). */
function fromFrames(params: StackApplyParams, frames: StackApplyFrame[], error: string): ApplyOutcome {
  const last = new Map<number, Extract<StackApplyFrame, { step: number }>>();
  for (const f of frames) if (STEP_FRAME(f)) last.set(f.step, f);
  const steps = params.steps.map((step, i) => {
    const seen = last.get(i);
    const where = { step: i, kind: step.kind, ...("service" in step ? { service: step.service } : {}), ...("container" in step ? { container: step.container } : {}) };
    if (!seen) return { ...where, status: "not-attempted" as const, message: `not attempted: ${error}` };
    const status: ApplyOutcome["steps"][number]["status"] = seen.status === "done" ? "done" : seen.status === "failed" ? "failed" : seen.status === "skipped" ? "skipped" : "interrupted";
    return { ...where, status, message: status === "interrupted" ? `interrupted (${error}): it may or may not have completed` : seen.message, containerId: seen.containerId };
  });
  return { outcome: "interrupted", steps, pulls: [], error };
}

/**
 * Applies a stack plan on `hostId` through its agent (the server-only "stack.apply" stream) and
 * resolves with what happened to every step — also when a step failed (outcome "failed": the rest
 * was not attempted) or `signal` cancelled it (outcome "cancelled": the agent stops before its next
 * step and still reports). Rejects (AppError) only when the apply could not start: the host is
 * offline, or the params are invalid — then nothing was done. `onFrame` sees every progress frame.
 *
 * The caller has already passed every create spec through the capability gate: the agent runs the
 * steps as given.
 */
export async function applyStack(hub: SocketAgentHub, hostId: string, params: StackApplyParams, onFrame: (frame: StackApplyFrame) => void, signal?: AbortSignal): Promise<ApplyOutcome> {
  if (signal?.aborted) throw new AppError("BAD_REQUEST", "the apply was cancelled before it started");
  const frames: StackApplyFrame[] = [];
  let summary: StackApplySummary | undefined;
  let settle: (outcome: ApplyOutcome) => void = () => undefined;
  const done = new Promise<ApplyOutcome>((resolve) => (settle = resolve));
  const handle: StreamHandle = await hub.streams.open(hostId, "stack.apply", params, {
    frames: (batch) => {
      for (const frame of batch as StackApplyFrame[]) {
        if ("summary" in frame) summary = frame.summary;
        else frames.push(frame);
        onFrame(frame);
      }
      return Promise.resolve();
    },
    end: (end) => {
      if (summary) return settle(summary);
      const why = end.ok ? (end.result.cancelled ? "cancelled" : "the host sent no summary") : appErrorFromProtocol(end.error).message;
      settle(fromFrames(params, frames, why));
    },
  });
  let grace: NodeJS.Timeout | undefined;
  const onAbort = () => {
    handle.input(new TextEncoder().encode(STACK_APPLY_CANCEL)).catch(() => handle.cancel());
    grace = setTimeout(() => handle.cancel(), CANCEL_GRACE_MS);
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    return await done;
  } finally {
    signal?.removeEventListener("abort", onAbort);
    clearTimeout(grace);
  }
}
