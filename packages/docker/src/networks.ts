import type Docker from "dockerode";
import type { NetworkConnectSpec, NetworkCreateSpec, NetworkDetail, NetworkPrunePreview, NetworkSummary, RemovalReport } from "@dockmaster/protocol";
import type { ErrorMapper } from "./errors";

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * Prune takes objects created at or before `until` (to the nanosecond). A preview at `at` shows only
 * objects from whole seconds before it, so what it shows is what the prune takes; an object made in
 * the preview's own second is left for the next prune.
 */
export const createdBefore = (createdSeconds: number, at: number) => Number.isFinite(createdSeconds) && Math.floor(createdSeconds) < at;

/** The engine's own networks: always there, never removable, never pruned. */
export const PREDEFINED_NETWORKS = new Set(["bridge", "host", "none"]);

type RawNetwork = Docker.NetworkInspectInfo & { Options?: Record<string, string> | null };
type RawIpam = { Subnet?: string; Gateway?: string; IPRange?: string };

const ipamOf = (n: RawNetwork) =>
  ((n.IPAM?.Config ?? []) as RawIpam[]).filter((c) => c.Subnet).map((c) => ({ subnet: c.Subnet!, gateway: c.Gateway || undefined, ipRange: c.IPRange || undefined }));

function toSummaryBase(n: RawNetwork) {
  return {
    id: n.Id,
    name: n.Name,
    driver: n.Driver,
    scope: n.Scope,
    internal: n.Internal,
    attachable: n.Attachable,
    created: n.Created,
    ipam: ipamOf(n),
    labels: n.Labels ?? {},
    options: n.Options ?? {},
    predefined: PREDEFINED_NETWORKS.has(n.Name),
  };
}

/**
 * Network → names of the containers (running or stopped) configured on it. A stopped container
 * has no endpoint, so the engine lists it with an empty NetworkID: it is keyed by network name.
 */
export function containersByNetwork(containers: Docker.ContainerInfo[]): (network: { Id: string; Name: string }) => string[] {
  const map = new Map<string, string[]>();
  const add = (key: string, name: string) => (map.get(key) ?? map.set(key, []).get(key)!).push(name);
  for (const c of containers) {
    const name = (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, "");
    for (const [networkName, endpoint] of Object.entries(c.NetworkSettings?.Networks ?? {})) add(endpoint.NetworkID ? `id:${endpoint.NetworkID}` : `name:${networkName}`, name);
  }
  return (n) => [...(map.get(`id:${n.Id}`) ?? []), ...(map.get(`name:${n.Name}`) ?? [])];
}

export function toNetworkDetail(n: RawNetwork): NetworkDetail {
  const options = n.Options ?? {};
  // docker0 for the default bridge; br-<first 12 of the id> for user bridges unless named by option.
  const bridgeName = n.Driver !== "bridge" ? null : (options["com.docker.network.bridge.name"] ?? (n.Name === "bridge" ? "docker0" : `br-${n.Id.slice(0, 12)}`));
  const mtu = Number(options["com.docker.network.driver.mtu"]);
  return {
    ...toSummaryBase(n),
    endpoints: Object.entries(n.Containers ?? {}).map(([containerId, e]) => ({
      containerId,
      name: e.Name,
      ipv4Address: e.IPv4Address ?? "",
      ipv6Address: e.IPv6Address ?? "",
      macAddress: e.MacAddress ?? "",
    })),
    bridgeName,
    mtu: Number.isFinite(mtu) && mtu > 0 ? mtu : null,
    raw: n as unknown as Record<string, unknown>,
  };
}

function toCreateOptions(spec: NetworkCreateSpec): Docker.NetworkCreateOptions {
  const options = { ...spec.options, ...(spec.parent ? { parent: spec.parent } : {}) };
  return {
    Name: spec.name,
    Driver: spec.driver,
    Internal: spec.internal,
    Attachable: spec.attachable,
    CheckDuplicate: true, // a second network with the same name is refused (409) rather than made
    Labels: spec.labels ?? {},
    Options: options,
    IPAM: spec.subnet ? { Driver: "default", Config: [{ Subnet: spec.subnet.trim(), Gateway: spec.gateway?.trim() || undefined, IPRange: spec.ipRange?.trim() || undefined }] } : undefined,
  };
}

/** Networks: list, inspect, create, remove, connect, disconnect, prune. */
export function networkOperations(docker: Docker, errors: ErrorMapper) {
  const inspect = (id: string) => errors.call(() => docker.getNetwork(id).inspect() as Promise<RawNetwork>);
  return {
    async listNetworks(): Promise<NetworkSummary[]> {
      const [networks, containers] = await errors.call(() => Promise.all([docker.listNetworks() as Promise<RawNetwork[]>, docker.listContainers({ all: true })]));
      const users = containersByNetwork(containers);
      return networks.map((n) => ({ ...toSummaryBase(n), containers: users(n) }));
    },
    inspectNetwork: async (id: string) => toNetworkDetail(await inspect(id)),
    createNetwork: async (spec: NetworkCreateSpec): Promise<{ id: string }> => ({ id: (await errors.call(() => docker.createNetwork(toCreateOptions(spec)))).id }),
    removeNetwork: (id: string) => errors.call(async () => void (await docker.getNetwork(id).remove())),
    connectNetwork: (spec: NetworkConnectSpec) =>
      errors.call(async () => {
        const ipam = spec.ipv4Address ? { IPAMConfig: { IPv4Address: spec.ipv4Address } } : {};
        await docker.getNetwork(spec.network).connect({ Container: spec.container, EndpointConfig: { Aliases: spec.aliases, ...ipam } });
      }),
    disconnectNetwork: (network: string, container: string, force: boolean) => errors.call(async () => void (await docker.getNetwork(network).disconnect({ Container: container, Force: force }))),
    /**
     * What `docker network prune` would take: custom, local networks with no endpoint. The engine
     * counts endpoints, which only running containers have — a network used by stopped containers
     * only goes too, so they are named.
     */
    async networkPrunePreview(at = nowSeconds()): Promise<NetworkPrunePreview> {
      const [networks, containers] = await errors.call(() => Promise.all([docker.listNetworks() as Promise<RawNetwork[]>, docker.listContainers({ all: true })]));
      const users = containersByNetwork(containers.filter((c) => c.State !== "running"));
      const custom = networks.filter((n) => !PREDEFINED_NETWORKS.has(n.Name) && n.Scope === "local" && !n.Ingress && createdBefore(Date.parse(n.Created) / 1000, at));
      const inspected = await Promise.all(custom.map((n) => inspect(n.Id).catch(() => null)));
      return {
        at,
        networks: inspected
          .filter((n): n is RawNetwork => n !== null && Object.keys(n.Containers ?? {}).length === 0)
          .map((n) => ({ id: n.Id, name: n.Name, driver: n.Driver, stoppedContainers: users(n) })),
      };
    },
    /** The engine's prune, limited to networks created before `until` (the preview's time). */
    async pruneNetworks(until: number): Promise<RemovalReport> {
      const result = await errors.call(() => docker.pruneNetworks({ filters: JSON.stringify({ until: [String(until)] }) }));
      return { removed: result.NetworksDeleted ?? [], failed: [], spaceReclaimed: 0 };
    },
  };
}

export type EngineNetworks = ReturnType<typeof networkOperations>;
