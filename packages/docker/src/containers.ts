import type Docker from "dockerode";
import type { ContainerCreateSpec, ContainerInspect, ContainerSummary } from "@dockmaster/protocol";
import { EngineError, type ErrorMapper } from "./errors";
import { explainStartFailure } from "./start-failure";

/** `docker create` as the protocol defines it (validated there); hostPort "" = a random port. */
export type CreateContainerSpec = ContainerCreateSpec;
export type PortBindingSpec = NonNullable<ContainerCreateSpec["portBindings"]>[number];

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

/** Aliases live on the endpoint of the network the container joins at create time. */
function networkingConfig(spec: CreateContainerSpec): Docker.ContainerCreateOptions["NetworkingConfig"] {
  if (!spec.networkMode || !spec.networkAliases?.length) return undefined;
  return { EndpointsConfig: { [spec.networkMode]: { Aliases: spec.networkAliases } } };
}

/** Protocol spec → Engine API create body (Config + HostConfig + NetworkingConfig). */
function toCreateOptions(spec: CreateContainerSpec): Docker.ContainerCreateOptions {
  const ports = portConfig(spec.portBindings ?? []);
  const limits = spec.limits ?? {};
  return {
    Image: spec.image,
    name: spec.name,
    Cmd: spec.cmd,
    Entrypoint: spec.entrypoint,
    Env: spec.env,
    Labels: spec.labels,
    WorkingDir: spec.workingDir,
    User: spec.user,
    Tty: spec.tty,
    // Seconds between SIGTERM and SIGKILL on stop (the engine's default is 10).
    StopTimeout: spec.stopTimeout,
    ExposedPorts: ports.exposed,
    HostConfig: {
      PortBindings: ports.byPort,
      Binds: spec.binds,
      Mounts: spec.mounts?.map((m) => ({ Type: m.type, Source: m.source ?? "", Target: m.target, ReadOnly: m.readOnly })),
      NetworkMode: spec.networkMode,
      PidMode: spec.pidMode,
      IpcMode: spec.ipcMode,
      UTSMode: spec.utsMode,
      UsernsMode: spec.usernsMode,
      Privileged: spec.privileged,
      CapAdd: spec.capAdd,
      Devices: spec.devices?.map((d) => ({ PathOnHost: d.pathOnHost, PathInContainer: d.pathInContainer, CgroupPermissions: d.cgroupPermissions })),
      SecurityOpt: spec.securityOpt,
      AutoRemove: spec.autoRemove,
      RestartPolicy: spec.restartPolicy ? { Name: spec.restartPolicy, MaximumRetryCount: spec.restartMaxRetries } : undefined,
      Memory: limits.memoryBytes,
      MemorySwap: limits.memorySwapBytes,
      NanoCpus: limits.nanoCpus,
      CpuShares: limits.cpuShares,
      PidsLimit: limits.pidsLimit,
    },
    NetworkingConfig: networkingConfig(spec),
  };
}

/** Options with an optional stop timeout `t` (seconds), omitted to use the container's own. */
const timeout = (t?: number) => (t === undefined ? {} : { t });

/** Container lifecycle: list, inspect, create, run, start, stop, restart, remove, kill, pause, unpause, rename. */
export function containerOperations(docker: Docker, errors: ErrorMapper) {
  const container = (id: string) => docker.getContainer(id);
  return {
    listContainers: ({ all }: { all: boolean }) => errors.call(async () => (await docker.listContainers({ all })).map(toContainerSummary)),
    inspectContainer: (id: string) => errors.call(async () => (await container(id).inspect()) as unknown as ContainerInspect),
    createContainer: (spec: CreateContainerSpec) =>
      errors.call(async () => {
        const created = await docker.createContainer(toCreateOptions(spec));
        return { id: created.id };
      }),
    startContainer: (id: string) => errors.idempotent(() => container(id).start()),
    /**
     * `docker run`: create, then start. When the start fails (a port already allocated, a missing
     * command) the just-created container is removed, so running again with the same name works;
     * the error says why it did not start and that it was not kept.
     */
    runContainer: async (spec: CreateContainerSpec) => {
      const { id } = await errors.call(async () => ({ id: (await docker.createContainer(toCreateOptions(spec))).id }));
      try {
        await errors.idempotent(() => container(id).start());
        return { id };
      } catch (error) {
        const failure = errors.map(error);
        // An auto-remove container is removed by the engine itself after a failed start: 404 is fine.
        const cleanup = await errors.call(() => container(id).remove({ force: true, v: true })).then(
          () => "the container was not kept",
          (e: unknown) => (e instanceof EngineError && e.code === "NOT_FOUND" ? "the container was not kept" : `removing the container failed too (${e instanceof Error ? e.message : String(e)}): it is left as Created, id ${id.slice(0, 12)}`),
        );
        throw new EngineError(failure.code, `created the container but could not start it: ${explainStartFailure(failure.message)}; ${cleanup}`, failure.statusCode);
      }
    },
    stopContainer: (id: string, timeoutSeconds?: number) => errors.idempotent(() => container(id).stop(timeout(timeoutSeconds))),
    restartContainer: (id: string, timeoutSeconds?: number) => errors.call(async () => void (await container(id).restart(timeout(timeoutSeconds)))),
    removeContainer: (id: string, { force }: { force: boolean }) => errors.call(async () => void (await container(id).remove({ force }))),
    /** The engine takes a signal name or number as text; killing a stopped container is its 409, passed on. */
    killContainer: (id: string, signal: string | number) => errors.call(async () => void (await container(id).kill({ signal: String(signal) }))),
    /** Freezes every process of the container (the cgroup freezer); unpause thaws them. */
    pauseContainer: (id: string) => errors.call(async () => void (await container(id).pause())),
    unpauseContainer: (id: string) => errors.call(async () => void (await container(id).unpause())),
    renameContainer: (id: string, name: string) => errors.call(async () => void (await container(id).rename({ name }))),
  };
}
