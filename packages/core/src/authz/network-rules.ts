import type { NetworkCreateSpec } from "@dockmaster/protocol";

/**
 * Which networks are ordinary. A bridge network is a private switch inside the engine; other
 * drivers and some bridge options reach the host's own network: macvlan / ipvlan put containers on
 * the LAN of a host interface (`parent`), a plugin driver can do anything, and a bridge named after
 * an existing Linux bridge (`com.docker.network.bridge.name=br0`) is taken over by the engine —
 * with whatever physical NIC is enslaved to it. So, as for volumes, the rule is an allowlist:
 * driver bridge with the options below; anything else needs container.create.privileged.
 */

/** The one vetted driver. */
export const VETTED_NETWORK_DRIVER = "bridge";

const BOOLEAN = (v: string) => v === "true" || v === "false";
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** Bridge driver options allowed without container.create.privileged, with the values each may hold (in words for the README). */
const BRIDGE_OPTIONS: Record<string, { allowed: string; ok: (value: string) => boolean }> = {
  "com.docker.network.driver.mtu": { allowed: "a number", ok: (v) => /^\d{1,5}$/.test(v) },
  "com.docker.network.bridge.enable_icc": { allowed: "true or false", ok: BOOLEAN },
  // Turning masquerading off sends containers' own addresses out of the host's interfaces.
  "com.docker.network.bridge.enable_ip_masquerade": { allowed: "true", ok: (v) => v === "true" },
  // The default host address of published ports: publishing on any host address is allowed anyway.
  "com.docker.network.bridge.host_binding_ipv4": { allowed: "an IPv4 address", ok: (v) => IPV4.test(v) },
  "com.docker.network.container_iface_prefix": { allowed: "letters and digits (the interface name inside the container)", ok: (v) => /^[a-zA-Z][a-zA-Z0-9]{0,9}$/.test(v) },
  // routed / nat-unprotected expose every container port to the host's networks, past the published ones.
  "com.docker.network.bridge.gateway_mode_ipv4": { allowed: "nat or isolated", ok: (v) => v === "nat" || v === "isolated" },
  "com.docker.network.bridge.gateway_mode_ipv6": { allowed: "nat or isolated", ok: (v) => v === "nat" || v === "isolated" },
};

/** Options whose value is the name of a host interface: named as such in the refusal. */
const NAMES_HOST_INTERFACE = new Set(["parent", "com.docker.network.bridge.name", "com.docker.network.bridge.trusted_host_interfaces"]);

const optionRule = (key: string, value: string): string[] => {
  if (BRIDGE_OPTIONS[key]?.ok(value)) return [];
  return [`network option ${key}=${value}${NAMES_HOST_INTERFACE.has(key) ? " (names a host interface)" : ""}`];
};

type NetworkRules = { [K in keyof NetworkCreateSpec]-?: { allowed: string; check: (value: NonNullable<NetworkCreateSpec[K]>) => string[] } };
const ANY = (allowed: string) => ({ allowed, check: () => [] });

const driverRule = (driver: string): string[] => (driver === VETTED_NETWORK_DRIVER ? [] : [`network driver "${driver}" (only ${VETTED_NETWORK_DRIVER} is vetted)`]);
const optionsRule = (options: Record<string, string>): string[] => Object.entries(options).flatMap(([key, value]) => optionRule(key, value));

const RULES: NetworkRules = {
  name: ANY("any name"),
  driver: {
    allowed: `"${VETTED_NETWORK_DRIVER}" only (macvlan and ipvlan put containers on a host interface's network; any other driver is a plugin)`,
    check: driverRule,
  },
  internal: ANY("true or false"),
  attachable: ANY("true or false"),
  subnet: ANY("any subnet that does not overlap another network of the engine (checked separately)"),
  gateway: ANY("any address in the subnet"),
  ipRange: ANY("any range in the subnet"),
  parent: { allowed: "none (it names a host interface)", check: (parent) => [`host interface "${parent}" (parent)`] },
  labels: ANY("any labels"),
  options: {
    allowed: `only ${Object.entries(BRIDGE_OPTIONS)
      .map(([key, { allowed }]) => `${key} (${allowed})`)
      .join(", ")}. Anything else — parent, com.docker.network.bridge.name (an existing host bridge of that name would be taken over), trusted_host_interfaces, inhibit_ipv4, routed gateway modes, macvlan/ipvlan modes — is sensitive`,
    check: optionsRule,
  },
};

/** Each field of network create, and what it may hold without container.create.privileged. */
export const NETWORK_CREATE_ALLOWED = Object.fromEntries(Object.entries(RULES).map(([field, rule]) => [field, rule.allowed])) as { [K in keyof NetworkCreateSpec]-?: string };

/** What a network create asks for that reaches the host's network, each named; an ordinary bridge answers []. */
export function sensitiveNetworkCreate(spec: NetworkCreateSpec): string[] {
  return Object.entries(spec).flatMap(([field, value]) => {
    if (value === undefined) return [];
    const rule = (RULES as Record<string, { check: (v: unknown) => string[] } | undefined>)[field];
    return rule ? rule.check(value) : [`unclassified field ${field}`];
  });
}

/** An existing network as the engine describes it (network.inspect): the engine stores a macvlan's parent among its options. */
export interface NetworkFacts {
  name: string;
  driver: string;
  options: Record<string, string>;
}

/** The engine's own networks a container may join by name anyway: its default bridge (docker0) and none (no network). Told by name AND driver: a name alone proves nothing. */
const isPredefinedJoinable = (n: NetworkFacts) => (n.name === "bridge" && n.driver === "bridge") || (n.name === "none" && n.driver === "null");

/**
 * Joining an existing network (a container's networkMode at create, or networks.connect): allowed
 * when the network is one a deployer could have created — driver bridge with only the options
 * above — or the engine's predefined bridge / none. Anything else (the host's network, macvlan /
 * ipvlan, a plugin, a bridge on a host interface) is named, with the network, so that a network an
 * admin made with container.create.privileged does not lend its reach to whoever may join it.
 * `ref` is what the caller named (a name, id or id prefix); `network` undefined = the engine has
 * none of that name, and refuses the join itself. One item per network joined, listing what is sensitive.
 */
export function sensitiveNetworkJoin(ref: string, network: NetworkFacts | undefined): string[] {
  if (network === undefined || isPredefinedJoinable(network)) return [];
  if (network.driver === "host") return [`network "${ref}" is the host's network (driver host)`];
  const items = [...driverRule(network.driver), ...optionsRule(network.options)];
  if (items.length === 0) return [];
  // Named as the user knows it; an id (the UI connects by id) is cut to the 12 characters docker shows.
  const label = ref === network.name ? `"${ref}"` : `"${network.name}" (${ref.slice(0, 12)})`;
  return [`joining network ${label}: ${items.join(", ")}`];
}

/** What joining an existing network may mean, in words (the README's security model). */
export const NETWORK_JOIN_ALLOWED = `the engine's predefined "bridge" and "none", or a network a deployer could create: driver ${VETTED_NETWORK_DRIVER} with only the options allowed at network create (the engine is asked for the network's driver and options; a macvlan / ipvlan, a plugin network, a bridge on a host interface or the host's network needs container.create.privileged)`;
