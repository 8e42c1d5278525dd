import type Docker from "dockerode";
import type { EngineIdentity, EngineInfo } from "@dockmaster/protocol";
import type { ErrorMapper } from "./errors";

type RawInfo = Record<string, unknown>;
interface RawVersion {
  Version?: string;
  ApiVersion?: string;
  Os?: string;
  Arch?: string;
  KernelVersion?: string;
}

// The engine omits fields it does not know (CgroupVersion before API 1.40, …): explicit empties.
const str = (v: unknown) => (typeof v === "string" ? v : "");
const num = (v: unknown) => (typeof v === "number" ? v : 0);
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const pairs = (v: unknown): Array<[string, string]> =>
  Array.isArray(v) ? v.filter((p): p is unknown[] => Array.isArray(p) && p.length === 2).map(([k, val]) => [String(k), String(val)]) : [];

export function toEngineInfo(info: RawInfo, version: RawVersion): EngineInfo {
  const registry = (info.RegistryConfig ?? {}) as RawInfo;
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
    driverStatus: pairs(info.DriverStatus),
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

export function toEngineIdentity(info: RawInfo, version: RawVersion): EngineIdentity {
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

/** GET /_ping, /info and /version. */
export function systemOperations(docker: Docker, errors: ErrorMapper) {
  // /info and /version are independent: ask both at once.
  const infoAndVersion = () =>
    errors.call(() => Promise.all([docker.info() as Promise<RawInfo>, docker.version() as Promise<RawVersion>]));
  return {
    ping: () => errors.call(async () => void (await docker.ping())),
    identity: async () => toEngineIdentity(...(await infoAndVersion())),
    info: async () => toEngineInfo(...(await infoAndVersion())),
  };
}
