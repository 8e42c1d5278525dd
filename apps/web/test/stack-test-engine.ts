import { createHash } from "node:crypto";
import { AppError, type AgentHub } from "@dockmaster/core";
import type { StackEngine } from "@dockmaster/api";
import type { ComposeProject, Diagnostic, LoadInput, LoadResult, ObservedState, Plan, PlanStep, ServiceModel } from "@dockmaster/compose";
import type { ContainerCreateSpec } from "@dockmaster/protocol";

/**
 * A stand-in for the compose engine in the stacks control-plane tests, until packages/compose's
 * loader and planner and the agent's stack.apply stream are merged (then the plane is wired with
 * those, and this file goes). It reads compose files written as JSON (valid YAML) with a few keys
 * (image, command, privileged, container_name, environment), interpolates ${VAR} from the .env and
 * the host's overrides, plans by compose's labels and config hash, and applies through the agent's
 * ordinary container requests on a real engine.
 */
interface JsonService {
  image?: string;
  command?: string[];
  privileged?: boolean;
  container_name?: string;
  environment?: Record<string, string>;
}

function interpolate(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => vars[name] ?? "");
}

function parseDotEnv(text: string | undefined): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of (text ?? "").split("\n")) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m) vars[m[1]!] = m[2]!;
  }
  return vars;
}

export function load(input: LoadInput): LoadResult {
  const vars = { ...parseDotEnv(input.dotEnv), ...input.environment };
  const services: Record<string, JsonService> = {};
  for (const file of input.composeFiles) {
    try {
      const doc = JSON.parse(interpolate(file.content, vars)) as { services?: Record<string, JsonService> };
      for (const [name, s] of Object.entries(doc.services ?? {})) services[name] = { ...services[name], ...s };
    } catch (error) {
      const errors: Diagnostic[] = [{ severity: "error", file: file.path, line: 1, column: 1, message: `not JSON: ${(error as Error).message}` }];
      return { ok: false, errors, warnings: [] };
    }
  }
  const models: ServiceModel[] = Object.entries(services).map(([name, s]) => {
    const create: ContainerCreateSpec = { image: s.image ?? "", ...(s.command ? { cmd: s.command } : {}), ...(s.privileged ? { privileged: true } : {}), ...(s.environment ? { env: Object.entries(s.environment).map(([k, v]) => `${k}=${v}`) } : {}) };
    return { name, replicas: 1, image: create.image, pullPolicy: "missing", create, containerName: s.container_name, networks: [], dependsOn: [], configHash: createHash("sha256").update(JSON.stringify(create)).digest("hex") };
  });
  const project: ComposeProject = { name: input.projectName, workingDir: "/stacks", configFiles: input.composeFiles.map((f) => f.path), services: models, networks: [], volumes: [] };
  return { ok: true, project, warnings: [] };
}

export function plan(project: ComposeProject, observed: ObservedState): Plan {
  const steps: PlanStep[] = [];
  const wanted = new Set<string>();
  for (const s of project.services) {
    const container = s.containerName ?? `${project.name}-${s.name}-1`;
    wanted.add(container);
    const spec = { ...s.create, name: container, labels: { ...s.create.labels, "com.docker.compose.project": project.name, "com.docker.compose.service": s.name, "com.docker.compose.container-number": "1", "com.docker.compose.oneoff": "False", "com.docker.compose.config-hash": s.configHash } } as ContainerCreateSpec;
    const running = observed.containers.find((c) => c.name === container);
    if (!running) steps.push({ kind: "service.create", service: s.name, number: 1, container, spec, waitFor: [] });
    else if (running.labels["com.docker.compose.config-hash"] !== s.configHash) steps.push({ kind: "service.recreate", service: s.name, number: 1, container, replaces: running.id, spec, waitFor: [], reasons: ["config-hash"] });
    else if (running.state !== "running") steps.push({ kind: "service.start", service: s.name, number: 1, container, id: running.id });
    else steps.push({ kind: "service.unchanged", service: s.name, number: 1, container, id: running.id });
  }
  for (const c of observed.containers) if (!wanted.has(c.name)) steps.push({ kind: "container.remove", service: c.labels["com.docker.compose.service"] ?? "", container: c.name, id: c.id, reason: "orphan" });
  return { project: project.name, steps, noop: steps.every((s) => s.kind === "service.unchanged") };
}

/** Counts engine mutations so a test can say "zero" for an unchanged redeploy. */
export const mutations = { count: 0 };

export function testStackEngine(hub: AgentHub): StackEngine {
  return {
    load,
    plan,
    async apply(hostId, request, onProgress, signal) {
      const summary = { created: [] as string[], recreated: [] as string[], removed: [] as string[], unchanged: [] as string[] };
      for (const step of request.plan.steps) {
        if (signal.aborted) throw new AppError("CONFLICT", `cancelled after ${summary.created.length + summary.recreated.length} containers`);
        if (step.kind === "service.unchanged") summary.unchanged.push(step.container);
        if (step.kind === "service.recreate") await hub.request(hostId, "container.remove", { id: step.replaces, force: true });
        if (step.kind === "service.create" || step.kind === "service.recreate") {
          mutations.count += 1;
          await hub.request(hostId, "container.create", { spec: step.spec, start: true });
          (step.kind === "service.create" ? summary.created : summary.recreated).push(step.container);
          onProgress({ service: step.service, message: step.kind === "service.create" ? "created" : "recreated" });
        }
        if (step.kind === "service.start") await hub.request(hostId, "container.start", { id: step.id });
        if (step.kind === "container.remove") {
          mutations.count += 1;
          await hub.request(hostId, "container.remove", { id: step.id, force: true });
          summary.removed.push(step.container);
        }
      }
      return summary;
    },
    async lifecycle(hostId, project, action) {
      const mine = (await hub.request(hostId, "container.list", { all: true })).filter((c) => c.labels["com.docker.compose.project"] === project);
      for (const c of mine) {
        if (action === "down") await hub.request(hostId, "container.remove", { id: c.id, force: true });
        else await hub.request(hostId, action === "start" ? "container.start" : action === "stop" ? "container.stop" : "container.restart", { id: c.id });
      }
    },
  };
}
