import type { Engine } from "@dockmaster/docker";
import type { ParsedStreamParamsOf, StackApplyFrame, StackApplyStep, StackApplySummary } from "@dockmaster/protocol";
import { FrameQueue } from "./frame-queue";
import { CancelledWhileWaiting, createServiceContainer, runStep, type StepContext } from "./step-runners";

type Params = ParsedStreamParamsOf<"stack.apply">;
type StepResult = StackApplySummary["steps"][number];
type PullResult = StackApplySummary["pulls"][number];

const SERVICE_KINDS = new Set<StackApplyStep["kind"]>(["service.create", "service.recreate", "service.start", "service.unchanged"]);
const PER_CONTAINER_KINDS = new Set<StackApplyStep["kind"]>(["container.stop", "container.restart", "container.remove"]);
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
const serviceOf = (step: StackApplyStep) => ("service" in step ? step.service : "");

/** The services a service step must wait for: its depends_on, and the one whose network it joins. */
function prerequisites(step: StackApplyStep): Set<string> {
  const needs = new Set<string>();
  if (step.kind === "service.create" || step.kind === "service.recreate" || step.kind === "service.start") for (const d of step.waitFor ?? []) needs.add(d.service);
  if (step.kind === "service.create" || step.kind === "service.recreate") {
    const joined = /^service:(.+)$/.exec(step.spec.networkMode ?? "")?.[1];
    if (joined) needs.add(joined);
  }
  return needs;
}

/** A service.create step whose container can be made before its dependencies run: all but network_mode service:x (that needs x's container). */
const creatableAhead = (step: StackApplyStep) => step.kind === "service.create" && !/^service:/.test(step.spec.networkMode ?? "");

/**
 * Groups of steps that run one after the other; inside a group, steps run at once where the order
 * allows: service steps as soon as the services they depend on are done (independent services in
 * parallel), stop/restart/remove of one service's containers together, anything else alone.
 */
function groups(steps: StackApplyStep[]): number[][] {
  const out: number[][] = [];
  steps.forEach((step, i) => {
    const last = out.at(-1);
    const previous = last ? steps[last[0]!]! : undefined;
    const joins =
      previous &&
      ((SERVICE_KINDS.has(step.kind) && SERVICE_KINDS.has(previous.kind)) || (PER_CONTAINER_KINDS.has(step.kind) && step.kind === previous.kind && serviceOf(step) === serviceOf(previous)));
    if (joins) last!.push(i);
    else out.push([i]);
  });
  return out;
}

/**
 * Applies a stack plan on this host, step by step, and reports every step as a frame: images first
 * (pulled when missing, or always when asked), then the groups in order. A failure (or a cancel)
 * starts nothing new: what runs finishes, the rest is reported as not attempted, and the last frame
 * is the summary saying which steps were done, which failed (the engine's words) and which were not.
 */
export function applyStack(engine: Engine, params: Params, signal: AbortSignal): AsyncIterable<StackApplyFrame> {
  const queue = new FrameQueue<StackApplyFrame>();
  const results: Array<StepResult | undefined> = params.steps.map(() => undefined);
  const pulls: PullResult[] = [];
  let failed = false;
  const stopped = () => failed || signal.aborted;
  const containers: StepContext["containers"] = new Map();
  const imageIds = new Map<string, Promise<string | null>>();
  const imageId = (ref: string) => {
    if (!imageIds.has(ref)) imageIds.set(ref, engine.imageId(ref).catch(() => null));
    return imageIds.get(ref)!;
  };

  const base = (i: number) => {
    const step = params.steps[i]!;
    return { step: i, ...("service" in step ? { service: step.service } : {}), ...("container" in step ? { container: step.container } : {}) };
  };

  const contextOf = (i: number): StepContext => ({
    engine,
    project: params.project,
    signal,
    waitTimeoutMs: params.waitTimeoutSeconds * 1000,
    containers,
    imageId,
    progress: (status, message) => queue.push({ ...base(i), status, message }),
  });
  const failure = (i: number, message: string): StepResult => ({ ...base(i), kind: params.steps[i]!.kind, status: "failed", message: message.slice(0, 4000) });

  /** Runs step `i`; a service.create step created ahead (`ahead`) waits for that create and only starts its container. */
  async function runOne(i: number, ahead?: Promise<string | undefined>): Promise<void> {
    const step = params.steps[i]!;
    const where = base(i);
    queue.push({ ...where, status: "running" });
    const created = await ahead;
    if (ahead && !created) return; // the create ahead failed: the step is reported failed already
    try {
      const done = await runStep(contextOf(i), step, created);
      const status = done.skipped ? "skipped" : "done";
      results[i] = { ...where, kind: step.kind, status, message: done.message, containerId: done.containerId };
      queue.push({ ...where, status, message: done.message, containerId: done.containerId });
    } catch (error) {
      if (error instanceof CancelledWhileWaiting) {
        results[i] = { ...where, kind: step.kind, status: "not-attempted", message: error.message };
        queue.push({ ...where, status: "skipped", message: error.message });
        return;
      }
      failed = true;
      results[i] = failure(i, errorText(error));
      queue.push({ ...where, status: "failed", message: results[i].message });
    }
  }

  /** compose's create-then-start: the container of a service.create step made before its dependencies have started (not started). */
  async function createAhead(i: number, running: Set<number>): Promise<string | undefined> {
    const step = params.steps[i]! as Extract<StackApplyStep, { kind: "service.create" }>;
    try {
      const id = await createServiceContainer(contextOf(i), step);
      if (!running.has(i)) queue.push({ ...base(i), status: "waiting", message: `created ${step.container}` }); // the UI reads "waiting for its dependencies: created …"
      return id;
    } catch (error) {
      failed = true;
      results[i] = failure(i, errorText(error));
      queue.push({ ...base(i), status: "failed", message: results[i].message });
      return undefined;
    }
  }

  /**
   * A step that never ran: a dependency cycle (a failure), or one left when the run stopped. Its
   * container created ahead is removed again, and the result says so (or where it is left); one
   * never created is reported as not attempted at the end, like any step the run did not reach.
   */
  async function settleNeverRun(i: number, ahead: Promise<string | undefined> | undefined, cycle: boolean): Promise<void> {
    const created = await ahead;
    if (results[i]) return; // its create ahead failed: said already
    const why = cycle ? `waits for ${[...prerequisites(params.steps[i]!)].join(", ")}, which never finished (a dependency cycle?)` : `not attempted: ${failed ? "an earlier step failed" : "cancelled"}`;
    if (!created) {
      if (cycle) results[i] = failure(i, why);
      return;
    }
    const { removed, words } = await engine.discardCreated(created);
    results[i] = removed && !cycle ? { ...base(i), kind: params.steps[i]!.kind, status: "not-attempted", message: `${why} (its container, created ahead, was removed again)` } : failure(i, `${why}; its container had been created ahead: ${removed ? "it was removed again" : words}`);
    queue.push({ ...base(i), status: results[i].status === "failed" ? "failed" : "skipped", message: results[i].message });
  }

  /**
   * Runs a group's steps, each once its prerequisites inside the group are done, at most
   * `concurrency` at once. Steps that can run go first, whatever else is in flight (they are the
   * critical path); slots they leave free create the containers of later service.create steps
   * ahead, as compose creates every container before starting them in dependency order: a
   * dependant then only has to be started.
   */
  async function runGroup(indexes: number[]): Promise<void> {
    const pending = new Set(indexes);
    const running = new Set<number>();
    const ahead = new Map<number, Promise<string | undefined>>();
    const tasks = new Set<Promise<unknown>>();
    const launch = (work: Promise<unknown>) => {
      const task = work.finally(() => tasks.delete(task));
      tasks.add(task);
    };
    const unfinished = (service: string) => indexes.some((j) => serviceOf(params.steps[j]!) === service && (pending.has(j) || running.has(j)));
    while (!stopped() || tasks.size > 0) {
      if (!stopped()) {
        for (const i of [...pending]) {
          if (running.size >= params.concurrency) break; // never held up by creates ahead: those only fill free slots
          const needs = [...prerequisites(params.steps[i]!)].filter((s) => s !== serviceOf(params.steps[i]!));
          if (needs.some(unfinished)) continue;
          pending.delete(i);
          running.add(i);
          launch(runOne(i, ahead.get(i)).finally(() => running.delete(i)));
        }
        for (const i of pending) {
          if (tasks.size >= params.concurrency) break;
          if (ahead.has(i) || !creatableAhead(params.steps[i]!)) continue;
          const created = createAhead(i, running);
          ahead.set(i, created);
          launch(created);
        }
      }
      if (tasks.size === 0) break;
      await Promise.race(tasks);
    }
    // Steps still waiting on services that never finish (a dependency cycle) are a failure, said as such.
    const cycle = !stopped() && pending.size > 0;
    if (cycle) failed = true;
    await Promise.all([...pending].map((i) => settleNeverRun(i, ahead.get(i), cycle)));
  }

  async function pullImages(): Promise<void> {
    const wanted = new Map(params.pulls.map((p) => [p.image, p]));
    // Every image a container is created from is pulled when missing, even if the plan did not say so.
    for (const step of params.steps) {
      if ((step.kind === "service.create" || step.kind === "service.recreate") && !wanted.has(step.spec.image)) wanted.set(step.spec.image, { image: step.spec.image, always: false });
    }
    for (const pull of wanted.values()) {
      if (stopped()) return;
      if (!pull.always && (await imageId(pull.image))) {
        pulls.push({ image: pull.image, status: "present" });
        continue;
      }
      queue.push({ pull: pull.image, status: "running", message: "pulling" });
      try {
        let last = 0;
        for await (const p of engine.pullImage(pull.image, { auth: pull.auth, signal })) {
          if (Date.now() - last < 500) continue;
          last = Date.now();
          queue.push({ pull: pull.image, status: "running", message: `${p.id ? `${p.id}: ` : ""}${p.status}`.slice(0, 1000) });
        }
        imageIds.delete(pull.image); // a new image now: asked again when a container is created from it
        pulls.push({ image: pull.image, status: "done" });
        queue.push({ pull: pull.image, status: "done" });
      } catch (error) {
        failed = true;
        pulls.push({ image: pull.image, status: "failed", message: errorText(error).slice(0, 4000) });
        queue.push({ pull: pull.image, status: "failed", message: errorText(error).slice(0, 4000) });
      }
    }
  }

  async function run(): Promise<void> {
    try {
      await pullImages();
      for (const group of groups(params.steps)) {
        if (stopped()) break;
        await runGroup(group);
      }
    } catch (error) {
      failed = true; // not a step's failure (the engine went away between steps): said in the summary
      pulls.push({ image: "", status: "failed", message: errorText(error).slice(0, 4000) });
    }
    const why = failed ? "not attempted: an earlier step failed" : "not attempted: cancelled";
    const steps = params.steps.map((step, i) => {
      const result = results[i];
      if (result) return result;
      queue.push({ ...base(i), status: "skipped", message: why });
      return { ...base(i), kind: step.kind, status: "not-attempted" as const, message: why };
    });
    queue.push({ summary: { outcome: failed ? "failed" : signal.aborted ? "cancelled" : "succeeded", steps, pulls } });
    queue.close();
  }

  void run();
  return queue.drain();
}
