import type { ContainerCreateSpec, NetworkCreateSpec, VolumeCreateSpec } from "@dockmaster/protocol";
import type { ComposeProject, ObservedContainer, ObservedState, Plan, PlanStep, ServiceModel } from "../model";
import { changedFields, decodeFieldHashes, encodeFieldHashes, fieldHashes } from "./field-hashes";
import { imageIdIndex, normaliseRef } from "./image-ids";
import { containerLabels, LABEL, resourceLabels } from "./labels";

/** compose v2's container name: `<project>-<service>-<n>`, unless the service sets container_name. */
export function containerNameOf(project: string, service: ServiceModel, number: number): string {
  return service.containerName ?? `${project}-${service.name}-${number}`;
}

/** The create spec of one replica: the service's spec plus its name and compose's labels. */
export function replicaSpec(project: ComposeProject, service: ServiceModel, number: number): ContainerCreateSpec {
  const name = containerNameOf(project.name, service, number);
  const fields = encodeFieldHashes(fieldHashes(service.create));
  return { ...service.create, name, labels: { ...service.create.labels, ...containerLabels(project, service, number, fields) } };
}

/** The project's own containers (one-off `run` containers are not part of `up`). */
export function projectContainers(project: string, observed: ObservedState): ObservedContainer[] {
  return observed.containers.filter((c) => c.labels[LABEL.project] === project && c.labels[LABEL.oneoff] !== "True");
}

const numberOf = (c: ObservedContainer) => Number.parseInt(c.labels[LABEL.containerNumber] ?? "", 10);
const isRunning = (c: ObservedContainer) => ["running", "paused", "restarting"].includes(c.state);

/** Why container `c` must be recreated to match `service` (empty: it already matches). */
function recreateReasons(c: ObservedContainer, service: ServiceModel, recreated: Set<string>, imageIds: Map<string, string>): string[] {
  const reasons: string[] = [];
  const before = decodeFieldHashes(c.labels[LABEL.fields]);
  const fields = before ? changedFields(before, fieldHashes(service.create)) : [];
  reasons.push(...fields.map((f) => `${f} changed`));
  if (c.labels[LABEL.configHash] !== service.configHash && fields.length === 0) {
    reasons.push(before ? "configuration changed (config hash differs)" : "configuration hash differs (container created by another tool)");
  }
  const wanted = imageIds.get(normaliseRef(service.image));
  if (wanted && c.imageId && wanted !== c.imageId && !fields.includes("image")) reasons.push(`image ${service.image} was updated (now ${wanted.replace(/^sha256:/, "").slice(0, 12)})`);
  for (const dependency of service.dependsOn) if (recreated.has(dependency.service)) reasons.push(`depends on ${dependency.service}, which is recreated`);
  // network_mode "service:x" joins x's container: a new x means a new namespace to join.
  const joined = /^service:(.+)$/.exec(service.create.networkMode ?? "")?.[1];
  if (joined && recreated.has(joined) && !service.dependsOn.some((d) => d.service === joined)) reasons.push(`shares the network of ${joined}, which is recreated`);
  return reasons;
}

function withLabels<T extends NetworkCreateSpec | VolumeCreateSpec>(spec: T, labels: Record<string, string>): T {
  return { ...spec, labels: { ...spec.labels, ...labels } };
}

/**
 * Desired state (the project) against what runs (found by compose labels) → the ordered steps
 * that make them equal: networks and volumes to create, then per service and replica create /
 * recreate (with reasons) / start / unchanged in dependency order, then containers to remove
 * (services gone = orphans, replicas above the scale). Pure: the same inputs give the same plan.
 */
export function planProject(project: ComposeProject, observed: ObservedState): Plan {
  const steps: PlanStep[] = [];
  const networkNames = new Set(observed.networks.map((n) => n.name));
  for (const network of project.networks) {
    if (network.external || !network.spec || networkNames.has(network.name)) continue;
    steps.push({ kind: "network.create", network: network.name, spec: withLabels({ ...network.spec, name: network.name }, resourceLabels(project.name, "network", network.key)) });
  }
  const volumeNames = new Set(observed.volumes.map((v) => v.name));
  for (const volume of project.volumes) {
    if (volume.external || volumeNames.has(volume.name)) continue;
    steps.push({ kind: "volume.create", volume: volume.name, spec: withLabels({ driver: "local", ...volume.spec, name: volume.name }, resourceLabels(project.name, "volume", volume.key)) });
  }

  const mine = projectContainers(project.name, observed);
  const byService = new Map<string, ObservedContainer[]>();
  for (const c of mine) {
    const service = c.labels[LABEL.service] ?? "";
    byService.set(service, [...(byService.get(service) ?? []), c]);
  }
  const imageIds = imageIdIndex(observed.images);
  const recreated = new Set<string>();
  const removals: PlanStep[] = [];
  for (const service of project.services) {
    // Oldest first per number: a duplicate number (two tools, a crash mid-recreate) is scaled down.
    const existing = (byService.get(service.name) ?? []).sort((a, b) => numberOf(a) - numberOf(b) || a.name.localeCompare(b.name));
    const kept = new Set<ObservedContainer>();
    for (let number = 1; number <= service.replicas; number++) {
      const container = containerNameOf(project.name, service, number);
      const current = existing.find((c) => numberOf(c) === number && !kept.has(c));
      const spec = replicaSpec(project, service, number);
      if (!current) {
        steps.push({ kind: "service.create", service: service.name, number, container, spec, waitFor: service.dependsOn });
        continue;
      }
      kept.add(current);
      const reasons = recreateReasons(current, service, recreated, imageIds);
      if (reasons.length > 0) {
        recreated.add(service.name);
        steps.push({ kind: "service.recreate", service: service.name, number, container, replaces: current.id, spec, waitFor: service.dependsOn, reasons });
      } else if (!isRunning(current)) {
        steps.push({ kind: "service.start", service: service.name, number, container: current.name, id: current.id, waitFor: service.dependsOn });
      } else {
        steps.push({ kind: "service.unchanged", service: service.name, number, container: current.name, id: current.id });
      }
    }
    for (const c of existing) if (!kept.has(c)) removals.push({ kind: "container.remove", service: service.name, container: c.name, id: c.id, reason: "scaled-down" });
  }
  const services = new Set(project.services.map((s) => s.name));
  for (const c of mine) {
    const service = c.labels[LABEL.service] ?? "";
    if (!services.has(service)) removals.push({ kind: "container.remove", service, container: c.name, id: c.id, reason: "orphan" });
  }
  steps.push(...removals);
  return { project: project.name, steps, noop: steps.every((s) => s.kind === "service.unchanged") };
}
