import type { ObservedContainer, ObservedState } from "../model";
import { LABEL } from "./labels";
import { containersInDependencyOrder } from "./project-operations";

export interface DiscoveredService {
  name: string;
  containers: { id: string; name: string; number: number; state: string; image: string }[];
}

/** A compose project found on a host by its labels (whoever started it). */
export interface DiscoveredProject {
  name: string;
  /** From the containers' labels: where and from which files docker compose ran. */
  workingDir?: string;
  configFiles: string[];
  /** Dockmaster writes its own field hashes; a project without them was started by another tool. */
  createdByDockmaster: boolean;
  status: "running" | "partial" | "stopped";
  services: DiscoveredService[];
  networks: string[];
  volumes: string[];
}

const first = (containers: ObservedContainer[], label: string) => containers.map((c) => c.labels[label]).find((v) => v !== undefined && v !== "");

/** Every compose project on the host, from what the engine lists (one-off `run` containers left out). */
export function discoverProjects(observed: ObservedState): DiscoveredProject[] {
  const names = new Set<string>();
  for (const c of observed.containers) if (c.labels[LABEL.project]) names.add(c.labels[LABEL.project]!);
  for (const n of observed.networks) if (n.labels[LABEL.project]) names.add(n.labels[LABEL.project]!);
  for (const v of observed.volumes) if (v.labels[LABEL.project]) names.add(v.labels[LABEL.project]!);
  return [...names].sort().map((name) => {
    const containers = containersInDependencyOrder(name, observed);
    const services = new Map<string, DiscoveredService>();
    for (const c of containers) {
      const service = c.labels[LABEL.service] ?? "";
      const entry = services.get(service) ?? { name: service, containers: [] };
      entry.containers.push({ id: c.id, name: c.name, number: Number.parseInt(c.labels[LABEL.containerNumber] ?? "0", 10) || 0, state: c.state, image: c.image });
      services.set(service, entry);
    }
    const running = containers.filter((c) => c.state === "running").length;
    return {
      name,
      workingDir: first(containers, LABEL.workingDir),
      configFiles: (first(containers, LABEL.configFiles) ?? "").split(",").filter(Boolean),
      createdByDockmaster: containers.length > 0 && containers.every((c) => c.labels[LABEL.fields] !== undefined),
      status: running === 0 ? "stopped" : running === containers.length ? "running" : "partial",
      services: [...services.values()],
      networks: observed.networks.filter((n) => n.labels[LABEL.project] === name).map((n) => n.name),
      volumes: observed.volumes.filter((v) => v.labels[LABEL.project] === name).map((v) => v.name),
    };
  });
}
