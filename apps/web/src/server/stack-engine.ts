import { AppError } from "@dockmaster/core";
import type { ApplyProgress, ApplySummary, StackEngine } from "@dockmaster/api";
import { applyParams, loadProject, planDown, planProject, planRestart, planStart, planStop, type ComposeProject, type ObservedState, type Plan } from "@dockmaster/compose";
import type { RegistryLogin, StackApplyFrame } from "@dockmaster/protocol";
import { applyStack, type ApplyOutcome, type SocketAgentHub } from "@dockmaster/realtime";
import { cachedLoader } from "./stack-load-cache";

/**
 * The compose engine the stacks procedures use (packages/api's StackEngine port), wired to the real
 * parts: packages/compose's loader and planner, and the agent's server-only "stack.apply" stream
 * through realtime's applyStack. Lifecycle actions are plans too (planStart / planStop / …) over
 * what the agent observes by the project's labels, so they go through the same stream.
 */

/** The stored login of an image's registry (packages/core registryAuthFor), or undefined for an anonymous pull. */
export type RegistryAuth = (imageRef: string) => Promise<RegistryLogin | undefined>;

/**
 * The images a deploy needs pulled: missing ones always, every one for pull-and-redeploy; never a
 * built or "never" image. Each with its registry's stored login, as the control plane's own pulls.
 */
async function pullsOf(project: ComposeProject, pull: boolean, registryAuth: RegistryAuth) {
  const images = new Map<string, boolean>();
  for (const s of project.services) {
    if (s.build || s.pullPolicy === "never" || s.pullPolicy === "build") continue;
    images.set(s.image, (images.get(s.image) ?? false) || pull || s.pullPolicy === "always");
  }
  return Promise.all([...images].map(async ([image, always]) => {
    const auth = await registryAuth(image);
    return auth ? { image, always, auth } : { image, always };
  }));
}

/** One frame as a progress line: the UI reads "<service>: <words>" per service. */
function progressOf(frame: StackApplyFrame): ApplyProgress | null {
  if ("summary" in frame) return null;
  if ("pull" in frame) return { message: `pull ${frame.pull}: ${frame.status}${frame.message ? ` (${frame.message})` : ""}` };
  const words = { running: "working", waiting: "waiting for its dependencies", done: "done", failed: "failed", skipped: "unchanged" }[frame.status];
  return { service: frame.service, message: `${words}${frame.message ? `: ${frame.message}` : ""}` };
}

/** What was done, by kind; a failed or cancelled apply is an error naming what failed, what was done and what was not attempted. */
function summaryOf(outcome: ApplyOutcome): ApplySummary {
  const names = (status: string, kinds: string[]) => outcome.steps.filter((s) => s.status === status && kinds.includes(s.kind)).map((s) => s.container ?? s.service ?? s.kind);
  const summary = { created: names("done", ["service.create"]), recreated: names("done", ["service.recreate"]), removed: names("done", ["container.remove"]), unchanged: names("skipped", ["service.unchanged"]) };
  if (outcome.outcome === "succeeded") return summary;
  const failed = [
    ...outcome.pulls.filter((p) => p.status === "failed").map((p) => `pull ${p.image}: ${p.message ?? "failed"}`),
    ...outcome.steps.filter((s) => s.status === "failed" || s.status === "interrupted").map((s) => `${s.service ?? s.kind}: ${s.message ?? s.status}`),
  ];
  const done = outcome.steps.filter((s) => s.status === "done").map((s) => `${s.kind} ${s.container ?? s.service ?? ""}`.trim());
  const notAttempted = outcome.steps.filter((s) => s.status === "not-attempted").map((s) => `${s.kind} ${s.container ?? s.service ?? ""}`.trim());
  const what = outcome.outcome === "cancelled" ? "cancelled" : outcome.outcome === "interrupted" ? `interrupted (${outcome.error ?? "the host went away"})` : "failed";
  throw new AppError("CONFLICT", `the apply ${what}${failed.length ? ` — ${failed.join("; ")}` : ""}. Done: ${done.join(", ") || "nothing"}. Not attempted: ${notAttempted.join(", ") || "nothing"}.`);
}

/**
 * A plan with nothing to change (every container as it should be, just observed on the host) and
 * no image to pull: its outcome is known without asking the agent — each step unchanged — and an
 * unchanged redeploy costs no round trip to the host.
 */
function unchangedOutcome(plan: Plan, pulls: Array<{ always: boolean }>): ApplyOutcome | null {
  if (!plan.noop || pulls.some((p) => p.always)) return null;
  const steps = plan.steps.map((step, i) => ({ step: i, kind: step.kind, ...("service" in step ? { service: step.service } : {}), ...("container" in step ? { container: step.container } : {}), status: "skipped" as const, message: "unchanged" }));
  return { outcome: "succeeded", steps, pulls: [] };
}

export function stackEngine(hub: SocketAgentHub, registryAuth: RegistryAuth): StackEngine {
  const load = cachedLoader(loadProject);
  const apply = async (hostId: string, plan: Plan, pulls: Awaited<ReturnType<typeof pullsOf>>, onProgress: (p: ApplyProgress) => void, signal?: AbortSignal) => {
    const known = unchangedOutcome(plan, pulls);
    if (known) return summaryOf(known);
    const outcome = await applyStack(hub, hostId, applyParams(plan, { pulls }), (frame) => {
      const line = progressOf(frame);
      if (line) onProgress(line);
    }, signal);
    return summaryOf(outcome);
  };
  return {
    load,
    plan: (project, observed) => planProject(project, observed),
    apply: async (hostId, request, onProgress, signal) => apply(hostId, request.plan, await pullsOf(request.project, request.pull, registryAuth), onProgress, signal),
    async lifecycle(hostId, project, action, options) {
      const observed = (await hub.request(hostId, "stack.observe", { project })) as ObservedState;
      const plan = action === "start" ? planStart(project, observed) : action === "stop" ? planStop(project, observed) : action === "restart" ? planRestart(project, observed) : planDown(project, observed, options);
      await apply(hostId, plan, [], () => undefined);
    },
  };
}
