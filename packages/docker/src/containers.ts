import type Docker from "dockerode";
import type { ContainerInspect, ContainerSummary } from "@dockmaster/protocol";
import type { ErrorMapper } from "./errors";

export interface PortBindingSpec {
  containerPort: number;
  protocol: "tcp" | "udp" | "sctp";
  hostIp: string;
  hostPort: string; // "" lets the engine pick a free port
}

/** The basic form of `docker create`; grows as the UI needs more. */
export interface CreateContainerSpec {
  image: string;
  name?: string;
  cmd?: string[];
  labels?: Record<string, string>;
  portBindings?: PortBindingSpec[];
}

export function toContainerSummary(c: Docker.ContainerInfo): ContainerSummary {
  return {
    id: c.Id,
    // The engine lists names with a leading "/" (a legacy of links); users never type it.
    name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ""),
    image: c.Image,
    imageId: c.ImageID,
    command: c.Command ?? "",
    created: c.Created,
    state: c.State,
    status: c.Status,
    ports: (c.Ports ?? []).map((p) => ({ ip: p.IP || undefined, privatePort: p.PrivatePort, publicPort: p.PublicPort || undefined, type: p.Type })),
    labels: c.Labels ?? {},
  };
}

/** ExposedPorts + HostConfig.PortBindings, keyed "80/tcp" as the Engine API wants. */
function portConfig(bindings: PortBindingSpec[]) {
  const exposed: Record<string, object> = {};
  const byPort: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const p of bindings) {
    const key = `${p.containerPort}/${p.protocol}`;
    exposed[key] = {};
    (byPort[key] ??= []).push({ HostIp: p.hostIp, HostPort: p.hostPort });
  }
  return { exposed, byPort };
}

/** Options with an optional stop timeout `t` (seconds), omitted to use the container's own. */
const timeout = (t?: number) => (t === undefined ? {} : { t });

/** Container lifecycle: list, inspect, create, start, stop, restart, remove. */
export function containerOperations(docker: Docker, errors: ErrorMapper) {
  const container = (id: string) => docker.getContainer(id);
  return {
    listContainers: ({ all }: { all: boolean }) => errors.call(async () => (await docker.listContainers({ all })).map(toContainerSummary)),
    inspectContainer: (id: string) => errors.call(async () => (await container(id).inspect()) as unknown as ContainerInspect),
    createContainer: (spec: CreateContainerSpec) =>
      errors.call(async () => {
        const ports = portConfig(spec.portBindings ?? []);
        const created = await docker.createContainer({
          Image: spec.image,
          name: spec.name,
          Cmd: spec.cmd,
          Labels: spec.labels,
          ExposedPorts: ports.exposed,
          HostConfig: { PortBindings: ports.byPort },
        });
        return { id: created.id };
      }),
    startContainer: (id: string) => errors.idempotent(() => container(id).start()),
    stopContainer: (id: string, timeoutSeconds?: number) => errors.idempotent(() => container(id).stop(timeout(timeoutSeconds))),
    restartContainer: (id: string, timeoutSeconds?: number) => errors.call(async () => void (await container(id).restart(timeout(timeoutSeconds)))),
    removeContainer: (id: string, { force }: { force: boolean }) => errors.call(async () => void (await container(id).remove({ force }))),
  };
}
