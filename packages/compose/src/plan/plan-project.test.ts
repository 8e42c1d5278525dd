import { describe, expect, it } from "vitest";
import type { ComposeProject, ObservedContainer, ObservedState, PlanStep, ServiceModel } from "../model";
import { planProject } from "./plan-project";
import { LABEL } from "./labels";

/** A hand-built project (the loader's output shape): db ← api ← web, a network and a volume. */
function service(name: string, extra: Partial<ServiceModel> = {}): ServiceModel {
  return {
    name,
    replicas: 1,
    image: "busybox:latest",
    pullPolicy: "missing",
    create: { image: "busybox:latest", cmd: ["sleep", "3600"], networkMode: "shop_default", networkAliases: [name] },
    networks: [{ name: "shop_default", aliases: [name] }],
    dependsOn: [],
    configHash: `hash-${name}-1`,
    ...extra,
  };
}

function shop(overrides: Record<string, Partial<ServiceModel>> = {}, only?: string[]): ComposeProject {
  const services = [
    service("db", { create: { image: "busybox:latest", cmd: ["sleep", "3600"], mounts: [{ type: "volume", source: "shop_data", target: "/data" }], networkMode: "shop_default" } }),
    service("api", { dependsOn: [{ service: "db", condition: "service_healthy", required: true, restart: false }] }),
    service("web", { dependsOn: [{ service: "api", condition: "service_started", required: true, restart: false }] }),
  ].map((s) => ({ ...s, ...overrides[s.name] }));
  return {
    name: "shop",
    workingDir: "/stacks/shop",
    configFiles: ["compose.yaml"],
    services: only ? services.filter((s) => only.includes(s.name)) : services,
    networks: [{ key: "default", name: "shop_default", external: false, spec: { name: "shop_default", driver: "bridge", internal: false, attachable: false } }],
    volumes: [{ key: "data", name: "shop_data", external: false, spec: { name: "shop_data", driver: "local" } }],
  };
}

const EMPTY: ObservedState = { containers: [], networks: [], volumes: [] };

/** What the engine holds after an apply of `steps` on `before` (the agent's effect, simulated). */
function applied(before: ObservedState, steps: PlanStep[]): ObservedState {
  let containers = [...before.containers];
  const networks = [...before.networks];
  const volumes = [...before.volumes];
  let next = containers.length;
  for (const step of steps) {
    if (step.kind === "network.create") networks.push({ id: `net-${step.network}`, name: step.network, labels: step.spec.labels ?? {} });
    if (step.kind === "volume.create") volumes.push({ name: step.volume, labels: step.spec.labels ?? {} });
    if (step.kind === "service.recreate" || step.kind === "container.remove") containers = containers.filter((c) => c.id !== (step.kind === "service.recreate" ? step.replaces : step.id));
    if (step.kind === "service.create" || step.kind === "service.recreate") {
      containers.push({ id: `c${++next}`, name: step.spec.name!, state: "running", image: step.spec.image, imageId: "sha256:busybox1", labels: step.spec.labels ?? {} });
    }
    if (step.kind === "service.start") containers = containers.map((c) => (c.id === step.id ? { ...c, state: "running" } : c));
  }
  return { containers, networks, volumes };
}

const kinds = (steps: PlanStep[]) => steps.map((s) => `${s.kind}${"container" in s ? ` ${s.container}` : "network" in s ? ` ${s.network}` : "volume" in s ? ` ${s.volume}` : ""}`);

describe("planProject", () => {
  it("creates the network, the volume, then every service in dependency order with compose's names and labels", () => {
    const plan = planProject(shop(), EMPTY);
    expect(plan.noop).toBe(false);
    expect(kinds(plan.steps)).toEqual(["network.create shop_default", "volume.create shop_data", "service.create shop-db-1", "service.create shop-api-1", "service.create shop-web-1"]);
    const api = plan.steps[3] as Extract<PlanStep, { kind: "service.create" }>;
    expect(api.spec.name).toBe("shop-api-1");
    expect(api.waitFor).toEqual([{ service: "db", condition: "service_healthy", required: true, restart: false }]);
    expect(api.spec.labels).toMatchObject({
      [LABEL.project]: "shop",
      [LABEL.service]: "api",
      [LABEL.containerNumber]: "1",
      [LABEL.oneoff]: "False",
      [LABEL.configHash]: "hash-api-1",
      [LABEL.workingDir]: "/stacks/shop",
      [LABEL.configFiles]: "compose.yaml",
      [LABEL.dependsOn]: "db:service_healthy:false",
    });
    const network = plan.steps[0] as Extract<PlanStep, { kind: "network.create" }>;
    expect(network.spec.labels).toMatchObject({ [LABEL.project]: "shop", [LABEL.network]: "default" });
  });

  it("redeploying unchanged against what it created is a noop", () => {
    const first = planProject(shop(), EMPTY);
    const again = planProject(shop(), applied(EMPTY, first.steps));
    expect(again.noop).toBe(true);
    expect(again.steps.every((s) => s.kind === "service.unchanged")).toBe(true);
    expect(again.steps).toHaveLength(3);
  });

  it("recreates only the changed service and what depends on it, naming the field that changed", () => {
    const running = applied(EMPTY, planProject(shop(), EMPTY).steps);
    const changed = shop({ api: { configHash: "hash-api-2", create: { image: "busybox:latest", cmd: ["sleep", "7200"], networkMode: "shop_default", networkAliases: ["api"] } } });
    const plan = planProject(changed, running);
    expect(kinds(plan.steps)).toEqual(["service.unchanged shop-db-1", "service.recreate shop-api-1", "service.recreate shop-web-1"]);
    const [, api, web] = plan.steps as Array<Extract<PlanStep, { kind: "service.recreate" }>>;
    expect(api!.reasons).toEqual(["cmd changed"]);
    expect(api!.replaces).toBe(running.containers.find((c) => c.name === "shop-api-1")!.id);
    expect(web!.reasons).toEqual(["depends on api, which is recreated"]);
  });

  it("names a config-hash change it cannot attribute to a field, and a container another tool created", () => {
    const running = applied(EMPTY, planProject(shop(), EMPTY).steps);
    const plan = planProject(shop({ web: { configHash: "hash-web-2" } }), running);
    expect((plan.steps[2] as Extract<PlanStep, { kind: "service.recreate" }>).reasons).toEqual(["configuration changed (config hash differs)"]);
    const foreign: ObservedState = { ...running, containers: running.containers.map((c) => ({ ...c, labels: Object.fromEntries(Object.entries(c.labels).filter(([k]) => k !== LABEL.fields)) })) };
    const adopt = planProject(shop({ db: { configHash: "compose-v1-hash" } }), foreign);
    expect((adopt.steps[0] as Extract<PlanStep, { kind: "service.recreate" }>).reasons).toEqual(["configuration hash differs (container created by another tool)"]);
  });

  it("recreates when the image tag now names another image (after a pull)", () => {
    const running = applied(EMPTY, planProject(shop(), EMPTY).steps);
    const plan = planProject(shop(), { ...running, images: [{ id: "sha256:busybox2aaaaaaaaaaaa", repoTags: ["busybox:latest"] }] });
    expect(plan.steps.map((s) => s.kind)).toEqual(["service.recreate", "service.recreate", "service.recreate"]);
    expect((plan.steps[0] as Extract<PlanStep, { kind: "service.recreate" }>).reasons).toEqual(["image busybox:latest was updated (now busybox2aaaa)"]);
    const same = planProject(shop(), { ...running, images: [{ id: "sha256:busybox1", repoTags: ["busybox:latest"] }] });
    expect(same.noop).toBe(true);
  });

  it("removes orphans (a service gone from the file) last", () => {
    const running = applied(EMPTY, planProject(shop(), EMPTY).steps);
    const plan = planProject(shop({}, ["db", "api"]), running);
    expect(kinds(plan.steps)).toEqual(["service.unchanged shop-db-1", "service.unchanged shop-api-1", "container.remove shop-web-1"]);
    expect(plan.steps[2]).toMatchObject({ reason: "orphan", service: "web" });
    expect(plan.noop).toBe(false);
  });

  it("scales up with new numbers and down by removing the highest numbers", () => {
    const running = applied(EMPTY, planProject(shop(), EMPTY).steps);
    const up = planProject(shop({ web: { replicas: 3 } }), running);
    expect(kinds(up.steps).slice(2)).toEqual(["service.unchanged shop-web-1", "service.create shop-web-2", "service.create shop-web-3"]);
    const three = applied(running, up.steps);
    const down = planProject(shop({ web: { replicas: 1 } }), three);
    expect(kinds(down.steps).slice(2)).toEqual(["service.unchanged shop-web-1", "container.remove shop-web-2", "container.remove shop-web-3"]);
    expect(down.steps[3]).toMatchObject({ reason: "scaled-down" });
  });

  it("starts a stopped, unchanged container (compose up does) and does not touch other projects or one-off containers", () => {
    const running = applied(EMPTY, planProject(shop(), EMPTY).steps);
    const other: ObservedContainer = { id: "x1", name: "other-web-1", state: "running", image: "busybox", imageId: "sha256:b", labels: { [LABEL.project]: "other", [LABEL.service]: "web", [LABEL.containerNumber]: "1" } };
    const oneoff: ObservedContainer = { id: "x2", name: "shop-web-run-1", state: "exited", image: "busybox", imageId: "sha256:b", labels: { [LABEL.project]: "shop", [LABEL.service]: "gone", [LABEL.oneoff]: "True" } };
    const state = { ...running, containers: [...running.containers.map((c) => (c.name === "shop-db-1" ? { ...c, state: "exited" } : c)), other, oneoff] };
    const plan = planProject(shop(), state);
    expect(kinds(plan.steps)).toEqual(["service.start shop-db-1", "service.unchanged shop-api-1", "service.unchanged shop-web-1"]);
  });

  it("uses container_name when set, and leaves external networks and volumes alone", () => {
    const project = shop({ web: { containerName: "my-web" } });
    project.networks.push({ key: "outside", name: "corp-net", external: true });
    project.volumes.push({ key: "backups", name: "backups", external: true });
    const plan = planProject(project, EMPTY);
    expect(kinds(plan.steps)).toEqual(["network.create shop_default", "volume.create shop_data", "service.create shop-db-1", "service.create shop-api-1", "service.create my-web"]);
  });
});
