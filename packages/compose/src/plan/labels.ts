import type { ComposeProject, DependsOn, ServiceModel } from "../model";

/**
 * The labels docker compose puts on what it creates, and by which every compose tool finds a
 * project's resources. docker-compose 1.29 lists a project by `project` + `oneoff=False` and reads
 * `service` and `container-number` (an integer) of each container; compose v2 reads the same.
 */
export const LABEL = {
  project: "com.docker.compose.project",
  service: "com.docker.compose.service",
  containerNumber: "com.docker.compose.container-number",
  oneoff: "com.docker.compose.oneoff",
  configHash: "com.docker.compose.config-hash",
  workingDir: "com.docker.compose.project.working_dir",
  configFiles: "com.docker.compose.project.config_files",
  version: "com.docker.compose.version",
  dependsOn: "com.docker.compose.depends_on",
  image: "com.docker.compose.image",
  network: "com.docker.compose.network",
  volume: "com.docker.compose.volume",
  /** Ours: a short hash per create-spec field, so a recreate can say which field changed. */
  fields: "io.dockmaster.compose.fields",
} as const;

/**
 * What `com.docker.compose.version` says on resources Dockmaster creates: the compose generation
 * whose conventions it follows (v2: `<project>-<service>-<n>` names). 1.29 only reads it for
 * pre-1.21 project names, which ours never are.
 */
export const COMPOSE_VERSION = "2.0.0";

/** Labels that are the project's bookkeeping, not the user's: left out of the `labels` field's hash. */
export const isComposeLabel = (key: string) => key.startsWith("com.docker.compose.") || key.startsWith("io.dockmaster.compose.");

/** compose v2's depends_on label: `service:condition:restart`, comma separated. */
export function dependsOnLabel(dependsOn: DependsOn[]): string {
  return dependsOn.map((d) => `${d.service}:${d.condition}:${d.restart}`).join(",");
}

const CONDITIONS = new Set<DependsOn["condition"]>(["service_started", "service_healthy", "service_completed_successfully"]);

/** A container's depends_on label read back (projects we only observe): `service[:condition[:restart]]`, comma separated. */
export function dependsOnFromLabel(value: string | undefined): DependsOn[] {
  if (!value) return [];
  return value
    .split(",")
    .map((item) => item.trim().split(":"))
    .filter(([service]) => !!service)
    .map(([service, condition, restart]) => ({
      service: service!,
      condition: CONDITIONS.has(condition as DependsOn["condition"]) ? (condition as DependsOn["condition"]) : "service_started",
      required: true,
      restart: restart === "true",
    }));
}

/** The services a container's depends_on label names. */
export const dependenciesFromLabel = (value: string | undefined): string[] => dependsOnFromLabel(value).map((d) => d.service);

/** Every label compose sets on container `number` of `service`. */
export function containerLabels(project: ComposeProject, service: ServiceModel, number: number, fields: string): Record<string, string> {
  return {
    [LABEL.project]: project.name,
    [LABEL.service]: service.name,
    [LABEL.containerNumber]: String(number),
    [LABEL.oneoff]: "False",
    [LABEL.configHash]: service.configHash,
    [LABEL.workingDir]: project.workingDir,
    [LABEL.configFiles]: project.configFiles.join(","),
    [LABEL.version]: COMPOSE_VERSION,
    [LABEL.dependsOn]: dependsOnLabel(service.dependsOn),
    [LABEL.fields]: fields,
  };
}

/** Labels of a project network or volume (`key`: its name in the compose file). */
export function resourceLabels(project: string, kind: "network" | "volume", key: string): Record<string, string> {
  return { [LABEL.project]: project, [kind === "network" ? LABEL.network : LABEL.volume]: key, [LABEL.version]: COMPOSE_VERSION };
}
