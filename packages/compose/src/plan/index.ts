export { planProject, replicaSpec, containerNameOf, projectContainers } from "./plan-project";
export { planStart, planStop, planRestart, planDown, containersInDependencyOrder } from "./project-operations";
export { discoverProjects, type DiscoveredProject, type DiscoveredService } from "./discover";
export { LABEL, COMPOSE_VERSION, isComposeLabel } from "./labels";
export { fieldHashes } from "./field-hashes";
export { applyParams } from "./apply-params";
