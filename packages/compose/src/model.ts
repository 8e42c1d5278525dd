import type { ContainerCreateSpec, NetworkCreateSpec, VolumeCreateSpec } from "@dockmaster/protocol";

/**
 * The compose engine's normalised model: what `loadProject` makes of compose files + environment,
 * and what `planProject` compares with what runs. Framework-free, no I/O.
 */

/** A problem found in the files, located as precisely as known. */
export interface Diagnostic {
  severity: "error" | "warning";
  /** Which file (as the stack names it, e.g. "compose.yaml", ".env"). */
  file: string;
  /** 1-based, when known. */
  line?: number;
  column?: number;
  /** Where in the document, e.g. "services.web.ports[0]". */
  path?: string;
  message: string;
}

export interface StackFile {
  path: string;
  content: string;
}

export interface LoadInput {
  /** The project name (docker compose's `-p`); validated like compose does. */
  projectName: string;
  /** Compose files in override order (later overrides earlier), then any extra files (env_file targets, build contexts). */
  composeFiles: StackFile[];
  otherFiles?: StackFile[];
  /** The stack's `.env` content (already unsealed), or undefined. */
  dotEnv?: string;
  /** Extra variables (per-host overrides); win over `.env`. */
  environment?: Record<string, string>;
  /** Profiles to enable (services without `profiles` always run). */
  profiles?: string[];
  /** The project's working dir as docker compose would label it (com.docker.compose.project.working_dir). */
  workingDir?: string;
}

export type LoadResult = { ok: true; project: ComposeProject; warnings: Diagnostic[] } | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

export interface DependsOn {
  service: string;
  condition: "service_started" | "service_healthy" | "service_completed_successfully";
  required: boolean;
  restart: boolean;
}

export interface ServiceNetwork {
  /** The network's resource name on the engine (e.g. "shop_default", or an external name). */
  name: string;
  aliases: string[];
  ipv4Address?: string;
}

export interface ServiceBuild {
  /** A directory among the stack's files ("." = the stack's root). */
  context: string;
  dockerfile: string;
  args: Record<string, string>;
  target?: string;
}

export interface ServiceModel {
  /** The compose service key. */
  name: string;
  replicas: number;
  /** The image to run (for a build without image: "<project>-<service>", as compose names it). */
  image: string;
  build?: ServiceBuild;
  pullPolicy: "always" | "missing" | "never" | "build";
  /**
   * The create spec for one replica, WITHOUT name and without compose's own labels (the planner
   * adds `name` and the com.docker.compose.* labels per container). Networks: `networkMode` is the
   * first network (or "host"/"none"/"service:x" → "container:<id>" resolved by the planner),
   * further networks in `extraNetworks`.
   */
  create: ContainerCreateSpec;
  /** Explicit `container_name` (then replicas must be 1). */
  containerName?: string;
  networks: ServiceNetwork[];
  dependsOn: DependsOn[];
  /** sha256 of the canonical normalised service config: docker compose's com.docker.compose.config-hash equivalent. */
  configHash: string;
}

export interface NetworkModel {
  /** The key under top-level `networks` ("default" for the implicit one). */
  key: string;
  /** The resource name on the engine (`<project>_<key>` unless `name:` or external). */
  name: string;
  external: boolean;
  /** For non-external networks: what to create (labels include com.docker.compose.project / .network). */
  spec?: NetworkCreateSpec;
}

export interface VolumeModel {
  key: string;
  name: string;
  external: boolean;
  spec?: VolumeCreateSpec;
}

export interface ComposeProject {
  name: string;
  workingDir: string;
  configFiles: string[];
  /** In dependency order (a service after everything it depends on). */
  services: ServiceModel[];
  networks: NetworkModel[];
  volumes: VolumeModel[];
}

/** What runs now, as the planner needs it (from container.list / network.list / volume.list). */
export interface ObservedContainer {
  id: string;
  name: string;
  state: string;
  image: string;
  imageId: string;
  labels: Record<string, string>;
}
export interface ObservedState {
  containers: ObservedContainer[];
  networks: { id: string; name: string; labels: Record<string, string> }[];
  volumes: { name: string; labels: Record<string, string> }[];
  /** Images on the host (added by the planner's author): lets the plan see that a tag now names another image (pull-and-redeploy). */
  images?: { id: string; repoTags: string[] }[];
}

/** One change the plan makes, in the order it will be applied. */
export type PlanStep =
  | { kind: "network.create"; network: string; spec: NetworkCreateSpec }
  | { kind: "volume.create"; volume: string; spec: VolumeCreateSpec }
  | { kind: "service.create"; service: string; number: number; container: string; spec: ContainerCreateSpec; waitFor: DependsOn[] }
  | { kind: "service.recreate"; service: string; number: number; container: string; replaces: string; spec: ContainerCreateSpec; waitFor: DependsOn[]; reasons: string[] }
  | { kind: "service.start"; service: string; number: number; container: string; id: string; waitFor?: DependsOn[] }
  | { kind: "service.unchanged"; service: string; number: number; container: string; id: string }
  | { kind: "container.remove"; service: string; container: string; id: string; reason: "orphan" | "scaled-down" | "down" }
  // Added for project operations on what runs (stop / restart / down, also of external projects):
  | { kind: "container.stop"; service: string; container: string; id: string }
  | { kind: "container.restart"; service: string; container: string; id: string }
  | { kind: "network.remove"; network: string; id: string }
  | { kind: "volume.remove"; volume: string };

export interface Plan {
  project: string;
  steps: PlanStep[];
  /** True when nothing would change on the engine (redeploying unchanged). */
  noop: boolean;
}
