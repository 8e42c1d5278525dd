import type { AlertKind } from "@dockmaster/core";

/** Every kind a rule may name, as people read it (Record: a kind added in core must be named here). */
export const KIND_LABELS: Record<AlertKind, string> = {
  "container.exited": "Container exited non-zero",
  "container.oom": "OOM killed",
  "container.unhealthy": "Unhealthy / healthy again",
  "container.restart_loop": "Restart loop",
  "host.offline": "Host offline / back online",
  "host.degraded": "Host degraded",
  "host.disk": "Docker disk use over threshold",
  "update.available": "Image update available",
  "update.applied": "Update applied",
  "update.rolled_back": "Update rolled back",
  "update.failed": "Update failed",
  "operation.failed": "Operation failed",
  "access.denied_repeatedly": "Repeated access denials (one user)",
};

export const ALL_KINDS = Object.keys(KIND_LABELS) as AlertKind[];
