import type { ObservedContainer, ObservedState, Plan, PlanStep } from "../model";
import { dependenciesFromLabel, dependsOnFromLabel, LABEL } from "./labels";
import { projectContainers } from "./plan-project";

/**
 * stop / start / restart / down of a project as it runs — Dockmaster's own or one docker compose
 * started (its files unknown): plans made from the labels alone, applied by the same stack.apply
 * stream as a deploy (same progress, cancel and outcome).
 */

const serviceOf = (c: ObservedContainer) => c.labels[LABEL.service] ?? "";
const numberOf = (c: ObservedContainer) => Number.parseInt(c.labels[LABEL.containerNumber] ?? "0", 10) || 0;

/** The project's containers, services in dependency order (from compose's depends_on label), then by number. */
export function containersInDependencyOrder(project: string, observed: ObservedState): ObservedContainer[] {
  const containers = projectContainers(project, observed);
  const needs = new Map<string, Set<string>>();
  for (const c of containers) {
    const deps = needs.get(serviceOf(c)) ?? new Set<string>();
    for (const d of dependenciesFromLabel(c.labels[LABEL.dependsOn])) deps.add(d);
    needs.set(serviceOf(c), deps);
  }
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (service: string) => {
    if (order.includes(service) || visiting.has(service)) return; // a cycle (labels we did not write) is broken, not followed
    visiting.add(service);
    for (const d of [...(needs.get(service) ?? [])].sort()) if (needs.has(d)) visit(d);
    order.push(service);
  };
  for (const service of [...needs.keys()].sort()) visit(service);
  const rank = (c: ObservedContainer) => order.indexOf(serviceOf(c));
  return containers.sort((a, b) => rank(a) - rank(b) || numberOf(a) - numberOf(b));
}

const isRunning = (c: ObservedContainer) => ["running", "paused", "restarting"].includes(c.state);
const plan = (project: string, steps: PlanStep[]): Plan => ({ project, steps, noop: steps.length === 0 });

/**
 * Starts what is stopped, dependencies first, each waiting for the conditions its depends_on label
 * names (a dependency already running counts: the apply knows its containers from the unchanged steps).
 */
export function planStart(project: string, observed: ObservedState): Plan {
  const containers = containersInDependencyOrder(project, observed);
  const services = new Set(containers.map(serviceOf));
  const steps: PlanStep[] = containers.map((c) =>
    isRunning(c)
      ? { kind: "service.unchanged", service: serviceOf(c), number: numberOf(c), container: c.name, id: c.id }
      : { kind: "service.start", service: serviceOf(c), number: numberOf(c), container: c.name, id: c.id, waitFor: dependsOnFromLabel(c.labels[LABEL.dependsOn]).filter((d) => services.has(d.service)) },
  );
  return { project, steps, noop: steps.every((s) => s.kind === "service.unchanged") };
}

/** Stops what runs, dependents first. */
export function planStop(project: string, observed: ObservedState): Plan {
  return plan(
    project,
    containersInDependencyOrder(project, observed)
      .reverse()
      .filter(isRunning)
      .map((c) => ({ kind: "container.stop", service: serviceOf(c), container: c.name, id: c.id })),
  );
}

/** Restarts every container, dependencies first (compose restarts in dependency order too). */
export function planRestart(project: string, observed: ObservedState): Plan {
  return plan(
    project,
    containersInDependencyOrder(project, observed).map((c) => ({ kind: "container.restart", service: serviceOf(c), container: c.name, id: c.id })),
  );
}

/**
 * `down`: the project's containers (dependents first), then its networks; its volumes only when
 * asked. Networks and volumes are the project's by label — an external one never carries it.
 */
export function planDown(project: string, observed: ObservedState, options: { removeVolumes: boolean }): Plan {
  const steps: PlanStep[] = containersInDependencyOrder(project, observed)
    .reverse()
    .map((c) => ({ kind: "container.remove", service: serviceOf(c), container: c.name, id: c.id, reason: "down" }));
  for (const n of observed.networks) if (n.labels[LABEL.project] === project) steps.push({ kind: "network.remove", network: n.name, id: n.id });
  if (options.removeVolumes) for (const v of observed.volumes) if (v.labels[LABEL.project] === project) steps.push({ kind: "volume.remove", volume: v.name });
  return plan(project, steps);
}
