import type { DeployedServices } from "./deploys";

/**
 * A stack's state on one host, from the fleet snapshot's containers (their compose labels) against
 * what its last successful deploy runs:
 *  - not-deployed: never deployed there, and nothing of the project runs;
 *  - stopped: no container of the project runs;
 *  - running: every expected container runs, with the deployed configuration;
 *  - partial: some run, some do not;
 *  - drifted: containers differ from the deployed revision (another configuration hash, a service
 *    missing or added, other replica counts) — someone changed them outside the stack.
 */
export type StackStatus = "not-deployed" | "stopped" | "running" | "partial" | "drifted";

export const COMPOSE_PROJECT = "com.docker.compose.project";
export const COMPOSE_SERVICE = "com.docker.compose.service";
export const COMPOSE_CONFIG_HASH = "com.docker.compose.config-hash";
export const COMPOSE_ONEOFF = "com.docker.compose.oneoff";

export interface ProjectContainer {
  name: string;
  state: string;
  labels: Record<string, string>;
}

export interface HostStackState {
  status: StackStatus;
  running: number;
  total: number;
  services: Array<{ service: string; running: number; total: number }>;
}

export function stackStatus(expected: DeployedServices | null, containers: ProjectContainer[]): HostStackState {
  const mine = containers.filter((c) => c.labels[COMPOSE_ONEOFF] !== "True");
  const byService = new Map<string, ProjectContainer[]>();
  for (const c of mine) {
    const service = c.labels[COMPOSE_SERVICE] ?? "";
    byService.set(service, [...(byService.get(service) ?? []), c]);
  }
  const running = mine.filter((c) => c.state === "running").length;
  const services = [...byService].map(([service, list]) => ({ service, running: list.filter((c) => c.state === "running").length, total: list.length })).sort((a, b) => a.service.localeCompare(b.service));
  const base = { running, total: mine.length, services };
  if (!expected && mine.length === 0) return { status: "not-deployed", ...base };
  if (running === 0) return { status: "stopped", ...base };
  if (expected && drifted(expected, byService)) return { status: "drifted", ...base };
  const want = expected ? Object.values(expected).reduce((n, s) => n + s.replicas, 0) : mine.length;
  return { status: running >= want && running === mine.length ? "running" : "partial", ...base };
}

function drifted(expected: DeployedServices, actual: Map<string, ProjectContainer[]>): boolean {
  for (const service of actual.keys()) if (!(service in expected)) return true;
  for (const [service, want] of Object.entries(expected)) {
    const list = actual.get(service) ?? [];
    if (list.length > 0 && list.length !== want.replicas) return true;
    if (list.some((c) => c.labels[COMPOSE_CONFIG_HASH] !== undefined && c.labels[COMPOSE_CONFIG_HASH] !== want.configHash)) return true;
  }
  return false;
}
