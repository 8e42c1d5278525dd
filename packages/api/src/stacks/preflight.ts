import { AppError, COMPOSE_PROJECT, MAX_STACK_SERVICES } from "@dockmaster/core";
import type { ComposeProject } from "@dockmaster/compose";
import type { HostObservation } from "./observe";

/**
 * Refusals before anything is created, each naming the service or network: too many services, a
 * container_name or a network name already taken on the host by something outside the stack
 * (docker compose would fail half-way, or worse, adopt another project's network).
 */
export function preflight(project: ComposeProject, host: Pick<HostObservation, "allContainers" | "allNetworks">): void {
  if (project.services.length > MAX_STACK_SERVICES) throw new AppError("BAD_REQUEST", `a stack holds at most ${MAX_STACK_SERVICES} services (this one has ${project.services.length})`);
  const foreign = (labels: Record<string, string>) => labels[COMPOSE_PROJECT] !== project.name;
  for (const service of project.services) {
    if (!service.containerName) continue;
    const taken = host.allContainers.find((c) => c.name === service.containerName && foreign(c.labels));
    if (taken) throw new AppError("CONFLICT", `service ${service.name}: container_name ${service.containerName} is already used on this host by a container outside the stack${taken.labels[COMPOSE_PROJECT] ? ` (project ${taken.labels[COMPOSE_PROJECT]})` : ""}`);
  }
  for (const network of project.networks) {
    if (network.external) continue;
    const taken = host.allNetworks.find((n) => n.name === network.name && foreign(n.labels));
    if (taken) throw new AppError("CONFLICT", `network ${network.key}: the name ${network.name} is already used on this host by a network outside the stack`);
  }
}
