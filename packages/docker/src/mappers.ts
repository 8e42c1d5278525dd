import type Docker from "dockerode";
import type { ContainerSummary, EngineIdentity, EngineInfo, ImageSummary } from "@dockmaster/protocol";

/** Engine API JSON → protocol DTOs. Fields the engine may omit get explicit empty values. */

export function toContainerSummary(c: Docker.ContainerInfo): ContainerSummary {
  return {
    id: c.Id,
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

export function toImageSummary(i: Docker.ImageInfo): ImageSummary {
  return {
    id: i.Id,
    repoTags: (i.RepoTags ?? []).filter((t) => t !== "<none>:<none>"),
    repoDigests: (i.RepoDigests ?? []).filter((d) => d !== "<none>@<none>"),
    created: i.Created,
    size: i.Size,
    containers: i.Containers ?? -1,
  };
}

type RawInfo = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" ? v : "");
const num = (v: unknown) => (typeof v === "number" ? v : 0);
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

export function toEngineInfo(info: RawInfo, version: { ApiVersion?: string }): EngineInfo {
  const registry = (info.RegistryConfig ?? {}) as RawInfo;
  const driverStatus = Array.isArray(info.DriverStatus)
    ? (info.DriverStatus as unknown[]).filter((p): p is [string, string] => Array.isArray(p) && p.length === 2).map(([k, v]) => [String(k), String(v)] as [string, string])
    : [];
  return {
    id: str(info.ID),
    name: str(info.Name),
    serverVersion: str(info.ServerVersion),
    apiVersion: version.ApiVersion ?? "",
    operatingSystem: str(info.OperatingSystem),
    osType: str(info.OSType),
    architecture: str(info.Architecture),
    kernelVersion: str(info.KernelVersion),
    dockerRootDir: str(info.DockerRootDir),
    storageDriver: str(info.Driver),
    driverStatus,
    cgroupDriver: str(info.CgroupDriver),
    cgroupVersion: str(info.CgroupVersion),
    loggingDriver: str(info.LoggingDriver),
    registryMirrors: strings(registry.Mirrors),
    insecureRegistries: strings(registry.InsecureRegistryCIDRs),
    cpus: num(info.NCPU),
    memTotal: num(info.MemTotal),
    containers: num(info.Containers),
    containersRunning: num(info.ContainersRunning),
    containersPaused: num(info.ContainersPaused),
    containersStopped: num(info.ContainersStopped),
    images: num(info.Images),
    securityOptions: strings(info.SecurityOptions),
    raw: info,
  };
}

export function toEngineIdentity(info: RawInfo, version: { Version?: string; ApiVersion?: string; Os?: string; Arch?: string; KernelVersion?: string }): EngineIdentity {
  return {
    id: str(info.ID),
    name: str(info.Name),
    version: version.Version ?? str(info.ServerVersion),
    apiVersion: version.ApiVersion ?? "",
    os: version.Os ?? str(info.OSType),
    arch: version.Arch ?? str(info.Architecture),
    kernelVersion: version.KernelVersion ?? str(info.KernelVersion),
  };
}
