import type { ContainerProblem } from "@dockmaster/protocol";

/** How each kind of trouble reads, in the fleet list's filter and on the overview alike. */
export const PROBLEM_LABELS: Record<ContainerProblem, string> = { "exited-nonzero": "Exited with an error", restarting: "Restarting (loop)", unhealthy: "Unhealthy" };
