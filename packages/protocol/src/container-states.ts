/**
 * The states the Engine API reports for a container. A module of its own, free of zod: a browser
 * page that only lists them (the fleet's state filter) does not pull in the schemas.
 */
export const CONTAINER_STATES = ["created", "running", "paused", "restarting", "removing", "exited", "dead"] as const;
export type ContainerState = (typeof CONTAINER_STATES)[number];

/**
 * Trouble read from a container's state and the engine's status text: exited with a non-zero
 * code, restarting (its restart policy keeps firing: a loop), or failing its health check. The
 * overview counts them and the fleet list filters on them (`?problem=unhealthy`).
 */
export const CONTAINER_PROBLEMS = ["exited-nonzero", "restarting", "unhealthy"] as const;
export type ContainerProblem = (typeof CONTAINER_PROBLEMS)[number];
