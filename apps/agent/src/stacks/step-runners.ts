import { EngineError, type Engine } from "@dockmaster/docker";
import type { ContainerCreateSpec, StackApplyStep } from "@dockmaster/protocol";

const PROJECT_LABEL = "com.docker.compose.project";
const IMAGE_LABEL = "com.docker.compose.image";
const ANONYMOUS_VOLUME = /^[0-9a-f]{64}$/;

/** What one step needs from the run it belongs to. */
export interface StepContext {
  engine: Engine;
  project: string;
  signal: AbortSignal;
  waitTimeoutMs: number;
  /** Containers of each service as this run left them (created, recreated, started or unchanged). */
  containers: Map<string, Array<{ id: string; name: string }>>;
  /** The image id a reference names now (asked once per run and image). */
  imageId(ref: string): Promise<string | null>;
  /** Tells the stream what the step is doing now (waiting for a dependency, stopping the old container…). */
  progress(status: "running" | "waiting", message: string): void;
}

/** What a finished step reports: the container it leaves (if any) and a word on what happened. */
export interface StepDone {
  containerId?: string;
  message?: string;
  skipped?: boolean;
}

type Step<K extends StackApplyStep["kind"]> = Extract<StackApplyStep, { kind: K }>;
const short = (id: string) => id.replace(/^sha256:/, "").slice(0, 12);
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

interface Inspected {
  Id: string;
  Name?: string;
  State?: { Running?: boolean };
  Config?: { Labels?: Record<string, string> | null };
  Mounts?: Array<{ Type?: string; Name?: string; Destination?: string }>;
}

/** The container, after checking it is this project's: a plan never reaches outside its project. */
async function projectContainer(ctx: StepContext, id: string, name: string): Promise<Inspected> {
  const c = (await ctx.engine.inspectContainer(id)) as unknown as Inspected;
  const owner = c.Config?.Labels?.[PROJECT_LABEL];
  if (owner !== ctx.project) throw new EngineError("CONFLICT", `container ${name} is not part of project ${ctx.project}${owner ? ` (it belongs to ${owner})` : ""}: refused`);
  return c;
}

/** A step cancelled while it waited for its dependencies: it changed nothing. */
export class CancelledWhileWaiting extends Error {}

/** depends_on: waits for each condition on this run's containers of the dependency. */
async function waitForDependencies(ctx: StepContext, waitFor: Step<"service.create">["waitFor"] | undefined): Promise<string[]> {
  const notes: string[] = [];
  for (const dependency of waitFor ?? []) {
    const containers = ctx.containers.get(dependency.service) ?? [];
    try {
      if (containers.length === 0) throw new EngineError("CONFLICT", `depends on ${dependency.service}, which has no container`);
      if (dependency.condition === "service_started") continue;
      for (const c of containers) {
        const options = { timeoutMs: ctx.waitTimeoutMs, signal: ctx.signal };
        if (dependency.condition === "service_healthy") {
          ctx.progress("waiting", `waiting for ${c.name} to be healthy`);
          await ctx.engine.waitHealthy(c.id, c.name, options);
        } else {
          ctx.progress("waiting", `waiting for ${c.name} to complete`);
          await ctx.engine.waitCompleted(c.id, c.name, options);
        }
      }
    } catch (error) {
      if (ctx.signal.aborted) throw new CancelledWhileWaiting(`cancelled while waiting for ${dependency.service}: nothing was changed for this step`);
      // compose: an optional dependency that is not met is a warning, not a failure.
      if (dependency.required) throw new EngineError(error instanceof EngineError ? error.code : "ENGINE_ERROR", `dependency ${dependency.service}: ${errorText(error)}`);
      notes.push(`optional dependency ${dependency.service} not met: ${errorText(error)}`);
    }
  }
  return notes;
}

/**
 * A step whose container was created ahead and that ends before starting it (a dependency not met,
 * a cancel): the container is removed again, and the error says so — or where it is left.
 */
async function discardCreatedAhead(ctx: StepContext, created: string | undefined, error: unknown): Promise<never> {
  if (!created) throw error;
  const { removed, words } = await ctx.engine.discardCreated(created);
  if (removed && error instanceof CancelledWhileWaiting) throw new CancelledWhileWaiting(`${error.message} (its container, created ahead, was removed again)`);
  throw new EngineError(error instanceof EngineError ? error.code : "ENGINE_ERROR", `${errorText(error)}; its container had been created ahead: ${removed ? "it was removed again" : words}`);
}

/** network_mode "service:x" joins x's first container of this run (its id is only known now). */
function resolveSpec(ctx: StepContext, spec: ContainerCreateSpec, imageId: string | null): ContainerCreateSpec {
  const joined = /^service:(.+)$/.exec(spec.networkMode ?? "")?.[1];
  let networkMode = spec.networkMode;
  if (joined) {
    const target = ctx.containers.get(joined)?.[0];
    if (!target) throw new EngineError("CONFLICT", `network_mode service:${joined}: ${joined} has no container`);
    networkMode = `container:${target.id}`;
  }
  return { ...spec, networkMode, labels: { ...spec.labels, ...(imageId ? { [IMAGE_LABEL]: imageId } : {}) } };
}

/** `docker create` of a service's container (not started): its networks joined, compose's image label set. */
export async function createServiceContainer(ctx: StepContext, step: Step<"service.create"> | Step<"service.recreate">, extraMounts: ContainerCreateSpec["mounts"] = []): Promise<string> {
  const spec = resolveSpec(ctx, step.spec, await ctx.imageId(step.spec.image));
  const withMounts = extraMounts.length > 0 ? { ...spec, mounts: [...(spec.mounts ?? []), ...extraMounts] } : spec;
  ctx.progress("running", `creating ${step.container}`);
  return (await ctx.engine.createContainer(withMounts)).id;
}

/** Create (unless it was created ahead: `created`) and start; a container that cannot start is removed again and the error says so. */
async function createAndStart(ctx: StepContext, step: Step<"service.create"> | Step<"service.recreate">, extraMounts: ContainerCreateSpec["mounts"] = [], created?: string): Promise<string> {
  const id = created ?? (await createServiceContainer(ctx, step, extraMounts));
  ctx.progress("running", `starting ${step.container}`);
  await ctx.engine.startCreated(id);
  return id;
}

/** Anonymous volumes of the old container at paths the new spec does not mount: kept, as compose keeps them. */
function carriedAnonymousVolumes(old: Inspected, spec: ContainerCreateSpec): NonNullable<ContainerCreateSpec["mounts"]> {
  const taken = new Set([...(spec.mounts ?? []).map((m) => m.target), ...(spec.binds ?? []).map((b) => b.split(":")[1])]);
  return (old.Mounts ?? [])
    .filter((m) => m.Type === "volume" && m.Name && ANONYMOUS_VOLUME.test(m.Name) && m.Destination && !taken.has(m.Destination))
    .map((m) => ({ type: "volume" as const, source: m.Name!, target: m.Destination! }));
}

/**
 * compose's recreate: stop the old container, rename it aside, create and start the new one under
 * the name, then remove the old one (named volumes are the spec's; anonymous ones are carried).
 * If the new one cannot be made, the old one gets its name back and runs again: never half-done.
 */
async function recreate(ctx: StepContext, step: Step<"service.recreate">): Promise<StepDone> {
  const old = await projectContainer(ctx, step.replaces, step.container);
  const wasRunning = old.State?.Running === true;
  const oldName = (old.Name ?? step.container).replace(/^\//, "");
  ctx.progress("running", `stopping ${oldName}`);
  await ctx.engine.stopContainer(old.Id);
  const aside = `${short(old.Id)}_${oldName}`;
  await ctx.engine.renameContainer(old.Id, aside);
  let id: string;
  try {
    id = await createAndStart(ctx, step, carriedAnonymousVolumes(old, step.spec));
  } catch (error) {
    const restored = await ctx.engine
      .renameContainer(old.Id, oldName)
      .then(() => (wasRunning ? ctx.engine.startContainer(old.Id) : undefined))
      .then(
        () => `the old container ${oldName} was restored`,
        (e: unknown) => `restoring the old container failed too (${errorText(e)}): it is ${aside}, stopped`,
      );
    throw new EngineError(error instanceof EngineError ? error.code : "ENGINE_ERROR", `${errorText(error)}; ${restored}`);
  }
  await ctx.engine.removeContainer(old.Id, { force: true });
  return { containerId: id, message: `recreated (${step.reasons.join("; ") || "changed"})` };
}

function remember(ctx: StepContext, service: string, id: string, name: string) {
  ctx.containers.set(service, [...(ctx.containers.get(service) ?? []), { id, name }]);
}

/**
 * Runs one step on the engine; throws with the engine's words when it fails. `created`: the
 * container of a service.create step, already made ahead of its dependencies (only started here).
 */
export async function runStep(ctx: StepContext, step: StackApplyStep, created?: string): Promise<StepDone> {
  switch (step.kind) {
    case "network.create":
      await ctx.engine.createNetwork(step.spec);
      return { message: `network ${step.network} created` };
    case "volume.create":
      await ctx.engine.createProjectVolume(step.spec);
      return { message: `volume ${step.volume} created` };
    case "service.create": {
      const notes = await waitForDependencies(ctx, step.waitFor).catch((error: unknown) => discardCreatedAhead(ctx, created, error));
      const id = await createAndStart(ctx, step, [], created);
      remember(ctx, step.service, id, step.container);
      return { containerId: id, message: ["created and started", ...notes].join("; ") };
    }
    case "service.recreate": {
      const notes = await waitForDependencies(ctx, step.waitFor);
      const done = await recreate(ctx, step);
      remember(ctx, step.service, done.containerId!, step.container);
      return { ...done, message: [done.message, ...notes].join("; ") };
    }
    case "service.start": {
      await projectContainer(ctx, step.id, step.container);
      const notes = await waitForDependencies(ctx, step.waitFor);
      await ctx.engine.startContainer(step.id);
      remember(ctx, step.service, step.id, step.container);
      return { containerId: step.id, message: ["started", ...notes].join("; ") };
    }
    case "service.unchanged":
      remember(ctx, step.service, step.id, step.container);
      return { containerId: step.id, message: "unchanged", skipped: true };
    case "container.stop":
      await projectContainer(ctx, step.id, step.container);
      await ctx.engine.stopContainer(step.id);
      return { containerId: step.id, message: "stopped" };
    case "container.restart":
      await projectContainer(ctx, step.id, step.container);
      await ctx.engine.restartContainer(step.id);
      return { containerId: step.id, message: "restarted" };
    case "container.remove":
      await projectContainer(ctx, step.id, step.container);
      ctx.progress("running", `stopping ${step.container}`);
      await ctx.engine.stopContainer(step.id);
      await ctx.engine.removeContainer(step.id, { force: true });
      return { message: `removed (${step.reason})` };
    case "network.remove": {
      const owner = (await ctx.engine.networkLabels(step.id))[PROJECT_LABEL];
      if (owner !== ctx.project) throw new EngineError("CONFLICT", `network ${step.network} is not part of project ${ctx.project}: refused`);
      await ctx.engine.removeNetwork(step.id);
      return { message: `network ${step.network} removed` };
    }
    case "volume.remove": {
      const owner = (await ctx.engine.volumeLabels(step.volume))[PROJECT_LABEL];
      if (owner !== ctx.project) throw new EngineError("CONFLICT", `volume ${step.volume} is not part of project ${ctx.project}: refused`);
      await ctx.engine.removeVolume(step.volume, false);
      return { message: `volume ${step.volume} removed` };
    }
  }
}
