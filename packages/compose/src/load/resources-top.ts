import type { NetworkCreateSpec, VolumeCreateSpec } from "@dockmaster/protocol";
import type { NetworkModel, VolumeModel } from "../model";
import type { Path } from "./diagnostics";
import { listOrDict, scalarText } from "./lists";
import { isPlain } from "./merge";

type Report = (path: Path, message: string, onKey?: boolean) => void;
type Plain = Record<string, unknown>;

/** The engine name of a top-level network or volume: `name:`, else the external key, else `<project>_<key>`, as compose names them. */
export function resourceNames(project: string, declared: Plain | undefined, implicitDefault: boolean): Record<string, string> {
  const names: Record<string, string> = implicitDefault ? { default: `${project}_default` } : {};
  for (const [key, config] of Object.entries(declared ?? {})) names[key] = resourceName(project, key, isPlain(config) ? config : {});
  return names;
}

function resourceName(project: string, key: string, config: Plain): string {
  if (config.name !== undefined) return scalarText(config.name);
  // The legacy form `external: {name: x}`.
  if (isPlain(config.external) && config.external.name !== undefined) return scalarText(config.external.name);
  return config.external ? key : `${project}_${key}`;
}

const NETWORK_DRIVERS = new Set(["bridge", "macvlan", "ipvlan"]);

/** A used top-level network as the engine should create it (or an external one to find). */
export function networkModel(project: string, key: string, config: Plain, name: string, error: Report, warn: Report): NetworkModel {
  const external = Boolean(config.external);
  if (external) return { key, name, external };
  const driver = scalarText(config.driver ?? "bridge");
  if (!NETWORK_DRIVERS.has(driver)) error(["networks", key, "driver"], `network driver "${driver}" is not supported (bridge, macvlan and ipvlan are)`);
  const options = Object.fromEntries(Object.entries(listOrDict(config.driver_opts)).map(([k, v]) => [k, v ?? ""]));
  const parent = options.parent;
  delete options.parent;
  const ipam = isPlain(config.ipam) ? config.ipam : {};
  const pools = Array.isArray(ipam.config) ? ipam.config.filter(isPlain) : [];
  if (ipam.driver !== undefined && ipam.driver !== "default") warn(["networks", key, "ipam", "driver"], `IPAM driver "${scalarText(ipam.driver)}" is not supported; the default is used`, true);
  if (ipam.options !== undefined) warn(["networks", key, "ipam", "options"], "ipam.options are not supported and are ignored", true);
  if (pools.length > 1) warn(["networks", key, "ipam", "config", 1], "only the first ipam.config entry is applied", false);
  if (pools[0]?.aux_addresses !== undefined) warn(["networks", key, "ipam", "config", 0, "aux_addresses"], "aux_addresses are not supported and are ignored", true);
  if (config.enable_ipv6 === true) warn(["networks", key, "enable_ipv6"], "IPv6 networks are not supported yet; the network is created IPv4-only", true);
  if (config.enable_ipv4 === false) warn(["networks", key, "enable_ipv4"], "enable_ipv4: false is not supported; the network gets IPv4", true);
  const pool = pools[0] ?? {};
  const spec: NetworkCreateSpec = {
    name,
    driver: driver as NetworkCreateSpec["driver"],
    internal: config.internal === true,
    attachable: config.attachable === true,
    ...(pool.subnet !== undefined ? { subnet: scalarText(pool.subnet) } : {}),
    ...(pool.gateway !== undefined ? { gateway: scalarText(pool.gateway) } : {}),
    ...(pool.ip_range !== undefined ? { ipRange: scalarText(pool.ip_range) } : {}),
    ...(parent !== undefined ? { parent } : {}),
    labels: { ...labelsOf(config.labels), "com.docker.compose.project": project, "com.docker.compose.network": key },
    ...(Object.keys(options).length ? { options } : {}),
  };
  return { key, name, external, spec };
}

/** A used top-level volume as the engine should create it (or an external one to find). */
export function volumeModel(project: string, key: string, config: Plain, name: string): VolumeModel {
  const external = Boolean(config.external);
  if (external) return { key, name, external };
  const driverOptions = Object.fromEntries(Object.entries(listOrDict(config.driver_opts)).map(([k, v]) => [k, v ?? ""]));
  const spec: VolumeCreateSpec = {
    name,
    driver: scalarText(config.driver ?? "local"),
    ...(Object.keys(driverOptions).length ? { driverOptions } : {}),
    labels: { ...labelsOf(config.labels), "com.docker.compose.project": project, "com.docker.compose.volume": key },
  };
  return { key, name, external, spec };
}

export function labelsOf(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(listOrDict(value)).map(([k, v]) => [k, v ?? ""]));
}
