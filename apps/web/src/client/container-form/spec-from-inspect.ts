/** Moved to @dockmaster/protocol: the server recreates containers from the same spec (image updates). */
export { specFromInspect } from "@dockmaster/protocol";
