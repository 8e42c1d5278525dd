import type { ContainerSummary } from "@dockmaster/protocol";

/** docker compose's own labels, which Dockmaster's stacks carry too. */
export const PROJECT_LABEL = "com.docker.compose.project";
export const SERVICE_LABEL = "com.docker.compose.service";
const NUMBER_LABEL = "com.docker.compose.container-number";
const ONEOFF_LABEL = "com.docker.compose.oneoff";

export interface ServiceContainers {
  service: string;
  containers: ContainerSummary[];
}

/** A project's containers (one-off `run` containers left out) grouped by service, by name and replica number. */
export function projectServices(containers: readonly ContainerSummary[], project: string): ServiceContainers[] {
  const byService = new Map<string, ContainerSummary[]>();
  for (const c of containers) {
    if (c.labels[PROJECT_LABEL] !== project || c.labels[ONEOFF_LABEL] === "True") continue;
    const service = c.labels[SERVICE_LABEL] ?? "";
    byService.set(service, [...(byService.get(service) ?? []), c]);
  }
  const replica = (c: ContainerSummary) => Number(c.labels[NUMBER_LABEL] ?? 0);
  return [...byService]
    .map(([service, list]) => ({ service, containers: list.sort((a, b) => replica(a) - replica(b)) }))
    .sort((a, b) => a.service.localeCompare(b.service));
}

/**
 * The event search that finds a project's events with the events page's own filter: event
 * attributes are stored as JSON, where the label reads exactly like this (core/events/query.ts
 * matches each word inside the attributes).
 */
export const projectEventText = (project: string) => `${JSON.stringify(PROJECT_LABEL)}:${JSON.stringify(project)}`;
