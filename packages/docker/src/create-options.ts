import type Docker from "dockerode";
import type { ContainerCreateSpec } from "@dockmaster/protocol";

/** `docker create` as the protocol defines it (validated there); hostPort "" = a random port. */
export type CreateContainerSpec = ContainerCreateSpec;
export type PortBindingSpec = NonNullable<ContainerCreateSpec["portBindings"]>[number];

/** ExposedPorts (published ones and those only exposed) + HostConfig.PortBindings, keyed "80/tcp" as the Engine API wants. */
function portConfig(bindings: PortBindingSpec[], exposedOnly: string[]) {
  const exposed: Record<string, object> = Object.fromEntries(exposedOnly.map((port) => [port, {}]));
  const byPort: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const p of bindings) {
    const key = `${p.containerPort}/${p.protocol}`;
    exposed[key] = {};
    (byPort[key] ??= []).push({ HostIp: p.hostIp, HostPort: p.hostPort });
  }
  return { exposed, byPort };
}

/**
 * The endpoint of the one network the engine joins at create (API 1.41 takes only one): its
 * aliases and fixed address. Further networks are connected after create (see containers.ts).
 */
function networkingConfig(spec: CreateContainerSpec): Docker.ContainerCreateOptions["NetworkingConfig"] {
  if (!spec.networkMode || (!spec.networkAliases?.length && !spec.ipv4Address)) return undefined;
  return { EndpointsConfig: { [spec.networkMode]: endpointConfig(spec.networkAliases, spec.ipv4Address) } };
}

/** An endpoint's aliases and fixed IPv4 address, as network connect and create both take them. */
export function endpointConfig(aliases: string[] | undefined, ipv4Address: string | undefined) {
  return { ...(aliases?.length ? { Aliases: aliases } : {}), ...(ipv4Address ? { IPAMConfig: { IPv4Address: ipv4Address } } : {}) };
}

/** The Engine API's Healthcheck: durations in nanoseconds; unset durations are left to the image / engine. */
function healthcheck(h: NonNullable<CreateContainerSpec["healthcheck"]>) {
  return { Test: h.test, Interval: h.intervalNs, Timeout: h.timeoutNs, Retries: h.retries, StartPeriod: h.startPeriodNs, StartInterval: h.startIntervalNs };
}

/** Protocol spec → Engine API create body (Config + HostConfig + NetworkingConfig). */
export function toCreateOptions(spec: CreateContainerSpec): Docker.ContainerCreateOptions {
  const ports = portConfig(spec.portBindings ?? [], spec.exposedPorts ?? []);
  const limits = spec.limits ?? {};
  return {
    Image: spec.image,
    name: spec.name,
    Hostname: spec.hostname,
    Domainname: spec.domainname,
    Cmd: spec.cmd,
    Entrypoint: spec.entrypoint,
    Env: spec.env,
    Labels: spec.labels,
    WorkingDir: spec.workingDir,
    User: spec.user,
    Tty: spec.tty,
    OpenStdin: spec.openStdin,
    // Seconds between the stop signal and SIGKILL on stop (the engine's default is 10).
    StopTimeout: spec.stopTimeout,
    StopSignal: spec.stopSignal === undefined ? undefined : String(spec.stopSignal),
    Healthcheck: spec.healthcheck && healthcheck(spec.healthcheck),
    ExposedPorts: ports.exposed,
    HostConfig: {
      PortBindings: ports.byPort,
      Binds: spec.binds,
      Mounts: spec.mounts?.map((m) => ({ Type: m.type, Source: m.source ?? "", Target: m.target, ReadOnly: m.readOnly })),
      Tmpfs: spec.tmpfs,
      NetworkMode: spec.networkMode,
      ExtraHosts: spec.extraHosts,
      Dns: spec.dns,
      DnsSearch: spec.dnsSearch,
      DnsOptions: spec.dnsOptions,
      PidMode: spec.pidMode,
      IpcMode: spec.ipcMode,
      UTSMode: spec.utsMode,
      UsernsMode: spec.usernsMode,
      Privileged: spec.privileged,
      CapAdd: spec.capAdd,
      CapDrop: spec.capDrop,
      Devices: spec.devices?.map((d) => ({ PathOnHost: d.pathOnHost, PathInContainer: d.pathInContainer, CgroupPermissions: d.cgroupPermissions })),
      SecurityOpt: spec.securityOpt,
      ReadonlyRootfs: spec.readOnlyRootfs,
      Sysctls: spec.sysctls,
      Init: spec.init,
      ShmSize: spec.shmSizeBytes,
      LogConfig: spec.logConfig && { Type: spec.logConfig.driver, Config: spec.logConfig.options ?? {} },
      Ulimits: spec.ulimits?.map((u) => ({ Name: u.name, Soft: u.soft, Hard: u.hard })),
      AutoRemove: spec.autoRemove,
      RestartPolicy: spec.restartPolicy ? { Name: spec.restartPolicy, MaximumRetryCount: spec.restartMaxRetries } : undefined,
      Memory: limits.memoryBytes,
      MemorySwap: limits.memorySwapBytes,
      MemoryReservation: limits.memoryReservationBytes,
      NanoCpus: limits.nanoCpus,
      CpuShares: limits.cpuShares,
      PidsLimit: limits.pidsLimit,
    },
    NetworkingConfig: networkingConfig(spec),
  };
}
