import { rawSql, type Sql } from "@dockmaster/db";
import { CONTAINER_PROBLEMS, type ContainerProblem } from "@dockmaster/protocol";

export { CONTAINER_PROBLEMS, type ContainerProblem };

/*
 * The trouble the overview counts and the fleet containers list filters on, read from a snapshot
 * row's state and the engine's own status text ("Exited (137) 2 minutes ago", "Restarting (1) 3
 * seconds ago", "Up 5 minutes (unhealthy)"): the engine's list carries no separate exit code or
 * health field, and its text is what `docker ps` shows people.
 */

/** The SQL condition on SnapshotContainer `c` of each problem (constant text: no input in it). */
const CONDITIONS: Record<ContainerProblem, string> = {
  // "Exited (0)" is a clean stop; anything else (1, 137 = killed, 143 …) is a failure.
  "exited-nonzero": `(c."state" = 'exited' AND c."status" NOT LIKE 'Exited (0)%')`,
  // Docker restarts a container whose restart policy keeps firing: "restarting" is the loop, seen live.
  restarting: `(c."state" = 'restarting')`,
  unhealthy: `(c."status" LIKE '%(unhealthy)%')`,
};

export function problemCondition(problem: ContainerProblem): Sql {
  return rawSql(CONDITIONS[problem]);
}

/** Any of the problems. */
export function anyProblemCondition(): Sql {
  return rawSql(`(${CONTAINER_PROBLEMS.map((p) => CONDITIONS[p]).join(" OR ")})`);
}

/** Which problem a row shows (the first that applies), for the overview's list of recent failures. */
export function problemOf(row: { state: string; status: string }): ContainerProblem | null {
  if (row.state === "restarting") return "restarting";
  if (row.status.includes("(unhealthy)")) return "unhealthy";
  if (row.state === "exited" && !row.status.startsWith("Exited (0)")) return "exited-nonzero";
  return null;
}
