import type { ServiceNetwork } from "../model";
import type { ServiceContext } from "./context";
import { isPlain } from "./merge";
import { scalarText } from "./lists";

export interface ServiceNetworking {
  /** Networks in the order the container joins them (priority, then name); empty with network_mode. */
  networks: ServiceNetwork[];
  /** Keys of top-level networks used. */
  used: string[];
  /** network_mode when set ("host", "none", "bridge", "service:x", "container:x"). */
  mode?: string;
}

/** Per-network settings Dockmaster does not apply: said, never dropped silently. */
const UNSUPPORTED = ["ipv6_address", "link_local_ips", "mac_address", "driver_opts", "gw_priority", "interface_name"];

/**
 * A service's `networks:` (list or map with aliases / ipv4_address / priority) or `network_mode`.
 * Without either the service joins the project's default network. Every network gets the service
 * name as an alias first, as compose does (the container name is added by the planner).
 */
export function serviceNetworking(service: Record<string, unknown>, networkNames: Record<string, string>, ctx: ServiceContext): ServiceNetworking {
  if (service.network_mode !== undefined) {
    if (service.networks !== undefined) ctx.error(["network_mode"], "network_mode and networks cannot be used together", true);
    return { networks: [], used: [], mode: scalarText(service.network_mode) };
  }
  const entries: [string, Record<string, unknown>][] = Array.isArray(service.networks)
    ? service.networks.map((name) => [scalarText(name), {}])
    : isPlain(service.networks)
      ? Object.entries(service.networks).map(([name, config]) => [name, isPlain(config) ? config : {}])
      : [["default", {}]];
  const networks: (ServiceNetwork & { priority: number; key: string })[] = [];
  for (const [key, config] of entries) {
    const name = networkNames[key];
    if (name === undefined) {
      ctx.error(["networks", key], `service "${ctx.service}" refers to undefined network "${key}": declare it under the top-level networks`, true);
      continue;
    }
    for (const field of UNSUPPORTED) if (config[field] !== undefined) ctx.warn(["networks", key, field], `networks.${key}.${field} is not supported and is ignored`, true);
    const aliases = [ctx.service, ...(Array.isArray(config.aliases) ? config.aliases.map(String) : [])].filter((a, i, all) => all.indexOf(a) === i);
    networks.push({ key, name, aliases, priority: Number(config.priority ?? 0), ...(config.ipv4_address !== undefined ? { ipv4Address: scalarText(config.ipv4_address) } : {}) });
  }
  networks.sort((a, b) => b.priority - a.priority || a.key.localeCompare(b.key));
  return { networks: networks.map(({ priority: _p, key: _k, ...network }) => network), used: networks.map((n) => n.key) };
}
