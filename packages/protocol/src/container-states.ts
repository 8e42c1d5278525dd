/**
 * The states the Engine API reports for a container. A module of its own, free of zod: a browser
 * page that only lists them (the fleet's state filter) does not pull in the schemas.
 */
export const CONTAINER_STATES = ["created", "running", "paused", "restarting", "removing", "exited", "dead"] as const;
export type ContainerState = (typeof CONTAINER_STATES)[number];
