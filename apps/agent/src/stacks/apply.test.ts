import { describe, expect, it } from "vitest";
import { EngineError, type Engine } from "@dockmaster/docker";
import { StackApplyParams, type StackApplyFrame, type StackApplyStepInput } from "@dockmaster/protocol";
import { applyStack } from "./apply";

/**
 * A fake engine: containers in a map, every call logged; failures and waits scripted per container
 * name. Creates and first starts take a few ms each, so what runs at once can be seen.
 */
function fakeEngine(script: { failStart?: string; unhealthy?: string; healthyAfterMs?: Record<string, number>; createDelayMs?: number; slowCreateMs?: Record<string, number>; startDelayMs?: number } = {}) {
  const calls: string[] = [];
  const containers = new Map<string, { name: string; labels: Record<string, string>; running: boolean }>();
  let next = 0;
  let starting = 0;
  let maxStarting = 0;
  const nameOf = (id: string) => containers.get(id)?.name;
  const engine = {
    imageId: (ref: string) => Promise.resolve(`sha256:${ref}`),
    pullImage: () => (async function* () {})(),
    createNetwork: (spec: { name: string }) => (calls.push(`network ${spec.name}`), Promise.resolve({ id: "n1" })),
    createProjectVolume: (spec: { name: string }) => (calls.push(`volume ${spec.name}`), Promise.resolve({ name: spec.name })),
    async createContainer(spec: { name: string; labels: Record<string, string> }) {
      await new Promise((r) => setTimeout(r, script.slowCreateMs?.[spec.name] ?? script.createDelayMs ?? 5));
      const id = `id${++next}`;
      containers.set(id, { name: spec.name, labels: spec.labels, running: false });
      calls.push(`create ${spec.name}`);
      return { id };
    },
    async startCreated(id: string) {
      starting++;
      maxStarting = Math.max(maxStarting, starting);
      await new Promise((r) => setTimeout(r, script.startDelayMs ?? 5));
      starting--;
      const name = nameOf(id);
      if (name === script.failStart) {
        containers.delete(id);
        throw new EngineError("ENGINE_ERROR", `created the container but could not start it: exec: "/nope": no such file; the container was not kept`);
      }
      containers.get(id)!.running = true;
      calls.push(`start ${name}`);
    },
    discardCreated: (id: string) => (calls.push(`discard ${nameOf(id)}`), containers.delete(id), Promise.resolve({ removed: true, words: "the container was not kept" })),
    inspectContainer: (id: string) => {
      const c = containers.get(id);
      if (!c) return Promise.reject(new EngineError("NOT_FOUND", `no such container ${id}`));
      return Promise.resolve({ Id: id, Name: `/${c.name}`, State: { Running: c.running }, Config: { Labels: c.labels }, Mounts: [] });
    },
    async waitHealthy(id: string, name: string, options: { signal?: AbortSignal }) {
      calls.push(`wait ${name}`);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, script.healthyAfterMs?.[name] ?? 0);
        options.signal?.addEventListener("abort", () => (clearTimeout(timer), reject(new EngineError("ENGINE_ERROR", "cancelled"))));
      });
      if (name === script.unhealthy) throw new EngineError("CONFLICT", `${name} is unhealthy`);
      calls.push(`healthy ${name}`);
    },
    startContainer: (id: string) => (calls.push(`start ${nameOf(id)}`), Promise.resolve()),
    stopContainer: (id: string) => (calls.push(`stop ${nameOf(id)}`), Promise.resolve()),
    renameContainer: (id: string, name: string) => (calls.push(`rename ${nameOf(id)} ${name}`), Promise.resolve()),
    removeContainer: (id: string) => (calls.push(`remove ${nameOf(id)}`), containers.delete(id), Promise.resolve()),
  };
  const names = () => [...containers.values()].map((c) => c.name).sort();
  return { engine: engine as unknown as Engine, calls, containers, names, maxStarting: () => maxStarting };
}

const labels = { "com.docker.compose.project": "p" };
const create = (service: string, waitFor: string[] = [], condition = "service_started"): StackApplyStepInput => ({
  kind: "service.create",
  service,
  number: 1,
  container: `p-${service}-1`,
  spec: { image: "busybox", name: `p-${service}-1`, labels },
  waitFor: waitFor.map((d) => ({ service: d, condition: condition as "service_started", required: true, restart: false })),
});

async function run(engine: Engine, steps: StackApplyStepInput[], options: { cancelOnFrame?: (f: StackApplyFrame) => boolean; concurrency?: number } = {}) {
  const abort = new AbortController();
  const frames: StackApplyFrame[] = [];
  for await (const frame of applyStack(engine, StackApplyParams.parse({ project: "p", steps, concurrency: options.concurrency }), abort.signal)) {
    frames.push(frame);
    if (options.cancelOnFrame?.(frame)) abort.abort();
  }
  const last = frames.at(-1);
  if (!last || !("summary" in last)) throw new Error("no summary frame");
  return { frames, summary: last.summary };
}

describe("stack.apply on the agent", () => {
  it("starts independent services at once and a dependent only after its dependency is healthy", async () => {
    const { engine, calls, maxStarting } = fakeEngine({ startDelayMs: 30, healthyAfterMs: { "p-db-1": 50 } });
    const { summary } = await run(engine, [create("db"), create("cache"), create("queue"), create("api", ["db"], "service_healthy")]);
    expect(summary.outcome).toBe("succeeded");
    expect(maxStarting()).toBe(3);
    expect(calls.indexOf("start p-api-1")).toBeGreaterThan(calls.indexOf("healthy p-db-1"));
    expect(summary.steps.map((s) => s.status)).toEqual(["done", "done", "done", "done"]);
  });

  it("creates dependants' containers ahead, while their dependencies start, and starts each only once its dependencies are met", async () => {
    const { engine, calls, maxStarting } = fakeEngine({ createDelayMs: 5, startDelayMs: 40, healthyAfterMs: { "p-db-1": 60 } });
    const { frames, summary } = await run(engine, [create("db"), create("cache"), create("api", ["db"], "service_healthy"), create("web", ["api"])]);
    expect(summary.outcome).toBe("succeeded");
    // Every container exists before the first dependency has even started: only starts wait.
    for (const dependant of ["p-api-1", "p-web-1"]) expect(calls.indexOf(`create ${dependant}`)).toBeLessThan(calls.indexOf("start p-db-1"));
    expect(maxStarting()).toBe(2); // db and cache start together
    expect(calls.indexOf("start p-api-1")).toBeGreaterThan(calls.indexOf("healthy p-db-1"));
    expect(calls.indexOf("start p-web-1")).toBeGreaterThan(calls.indexOf("start p-api-1"));
    expect(frames).toContainEqual(expect.objectContaining({ service: "web", status: "waiting", message: "created p-web-1" }));
    expect(summary.steps.map((s) => s.status)).toEqual(["done", "done", "done", "done"]);
  });

  it("a step whose dependencies are done never waits for a slot held by a create ahead", async () => {
    // Two slots; z's slow create ahead holds one when db is done: x and y still start together.
    const { engine, maxStarting } = fakeEngine({ startDelayMs: 80, slowCreateMs: { "p-z-1": 400 } });
    const { summary } = await run(engine, [create("db"), create("x", ["db"]), create("y", ["db"]), create("z", ["x"])], { concurrency: 2 });
    expect(summary.outcome).toBe("succeeded");
    expect(maxStarting()).toBe(2);
  });

  it("a dependency that fails removes the containers created ahead for its dependants, and the summary says so", async () => {
    const { engine, names, calls } = fakeEngine({ unhealthy: "p-db-1" });
    const { summary } = await run(engine, [create("db"), create("api", ["db"], "service_healthy"), create("web", ["api"])]);
    expect(summary.outcome).toBe("failed");
    expect(summary.steps.map((s) => [s.container, s.status])).toEqual([
      ["p-db-1", "done"],
      ["p-api-1", "failed"],
      ["p-web-1", "not-attempted"],
    ]);
    expect(summary.steps[1]!.message).toBe("dependency db: p-db-1 is unhealthy; its container had been created ahead: it was removed again");
    expect(summary.steps[2]!.message).toBe("not attempted: an earlier step failed (its container, created ahead, was removed again)");
    expect(names()).toEqual(["p-db-1"]);
    expect(calls.filter((c) => c.startsWith("start "))).toEqual(["start p-db-1"]);
  });

  it("a failure starts nothing new: the summary names done, failed (engine's words) and not attempted", async () => {
    const { engine, names } = fakeEngine({ failStart: "p-api-1" });
    const { summary } = await run(engine, [create("db"), create("api", ["db"]), create("web", ["api"]), { kind: "volume.remove", volume: "p_data" }]);
    expect(summary.outcome).toBe("failed");
    expect(summary.steps.map((s) => [s.container ?? s.kind, s.status])).toEqual([
      ["p-db-1", "done"],
      ["p-api-1", "failed"],
      ["p-web-1", "not-attempted"],
      ["volume.remove", "not-attempted"],
    ]);
    expect(summary.steps[1]!.message).toContain("no such file");
    expect(names()).toEqual(["p-db-1"]); // nothing half-created: web's container, made ahead, is gone again
  });

  it("a cancel while waiting for health stops before the next step and says the waiting step changed nothing", async () => {
    const { engine, calls, names } = fakeEngine({ healthyAfterMs: { "p-db-1": 60_000 } });
    const { summary } = await run(engine, [create("db"), create("api", ["db"], "service_healthy"), create("web", ["api"])], {
      cancelOnFrame: (f) => "step" in f && f.status === "waiting" && f.message === "waiting for p-db-1 to be healthy",
    });
    expect(summary.outcome).toBe("cancelled");
    expect(summary.steps.map((s) => s.status)).toEqual(["done", "not-attempted", "not-attempted"]);
    expect(summary.steps[1]!.message).toBe("cancelled while waiting for db: nothing was changed for this step (its container, created ahead, was removed again)");
    expect(calls).not.toContain("start p-api-1");
    expect(names()).toEqual(["p-db-1"]);
  });

  it("recreate: stops and renames the old container aside, runs the new one, then removes the old one", async () => {
    const { engine, calls, containers } = fakeEngine();
    await run(engine, [create("db")]);
    const oldId = [...containers.keys()][0]!;
    const { summary } = await run(engine, [{ kind: "service.recreate", service: "db", number: 1, container: "p-db-1", replaces: oldId, spec: { image: "busybox", name: "p-db-1", labels }, waitFor: [], reasons: ["cmd changed"] }]);
    expect(summary.outcome).toBe("succeeded");
    expect(calls.slice(2)).toEqual(["stop p-db-1", `rename p-db-1 ${oldId}_p-db-1`, "create p-db-1", "start p-db-1", "remove p-db-1"]);
  });

  it("recreate that cannot start the new container puts the old one back", async () => {
    const { engine, calls, containers } = fakeEngine({ failStart: "p-db-1" });
    containers.set("old1", { name: "p-db-1", labels, running: true });
    const { summary } = await run(engine, [{ kind: "service.recreate", service: "db", number: 1, container: "p-db-1", replaces: "old1", spec: { image: "busybox", name: "p-db-1", labels }, waitFor: [], reasons: [] }]);
    expect(summary.steps[0]).toMatchObject({ status: "failed" });
    expect(summary.steps[0]!.message).toMatch(/the old container p-db-1 was restored$/);
    expect(calls).toEqual(["stop p-db-1", "rename p-db-1 old1_p-db-1", "create p-db-1", "rename p-db-1 p-db-1", "start p-db-1"]);
  });

  it("refuses to touch a container of another project", async () => {
    const { engine, calls, containers } = fakeEngine();
    containers.set("x", { name: "other-web-1", labels: { "com.docker.compose.project": "other" }, running: true });
    const { summary } = await run(engine, [{ kind: "container.remove", service: "web", container: "other-web-1", id: "x", reason: "orphan" }]);
    expect(summary.steps[0]).toMatchObject({ status: "failed", message: "container other-web-1 is not part of project p (it belongs to other): refused" });
    expect(calls).toEqual([]);
  });
});
