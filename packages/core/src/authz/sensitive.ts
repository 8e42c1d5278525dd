import type { ContainerCreateSpec } from "@dockmaster/protocol";
import { logConfigRule, sysctlsRule, tmpfsRule, ulimitsRule } from "./container-extra-rules";
import { NETWORK_JOIN_ALLOWED, sensitiveNetworkJoin, type NetworkFacts } from "./network-rules";
import { sensitiveVolume, type VolumeFacts } from "./volume-rules";

/**
 * The gate for what a container may do on its host: an ALLOWLIST per field of the create spec.
 * Every field says what it may hold without `container.create.privileged`; anything else is named
 * as sensitive. The table is typed over every key of `ContainerCreateSpec`, and a unit test walks
 * the zod schema (nested objects too), so a field added to the spec later fails typecheck and
 * that test until someone classifies it here.
 *
 * Some answers depend on the engine, not on the spec: a named volume that already exists may be a
 * host path in disguise (driver local, o=bind), and a network reference may be the host's network
 * (by id) or one that reaches it (an admin's macvlan: judged as network create would judge it). The caller asks the engine for those (`engineLookups`) and hands the answers in as
 * `EngineFacts`.
 */

/** What the engine says about the objects a spec refers to; `undefined` = it has none of that name. */
export interface EngineFacts {
  /** An existing volume's driver and options. A volume the engine does not have is created on first mount with driver local and no options: ordinary. */
  volume(name: string): VolumeFacts | undefined;
  /** An existing network's name, driver and options (by name, id or id prefix, as the engine resolves them). */
  network(ref: string): NetworkFacts | undefined;
  /**
   * For a compose service only: whether `name` is another service of the same project. Its
   * containers pass this same gate in the same check, so `network_mode: service:<name>` joins a
   * namespace that was itself vetted. Absent (a single container, the create form): no such join.
   */
  projectService?(name: string): boolean;
}

/** No engine objects at all: for callers (and tests) that know the spec refers to none. */
export const NO_ENGINE_FACTS: EngineFacts = { volume: () => undefined, network: () => undefined };

interface FieldRule<V> {
  /** What the field may hold without container.create.privileged, in words (the README's security model). */
  allowed: string;
  /** Each sensitive item in the value, named for the refusal message; empty = allowed. */
  check(value: V, facts: EngineFacts): string[];
}
type Rules<T> = { [K in keyof T]-?: FieldRule<NonNullable<T[K]>> };

const ANY = <V>(allowed: string): FieldRule<V> => ({ allowed, check: () => [] });
/** Docker's own rule for volume names: a named volume, never a path. */
const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
/** A network the engine predefines or a user-defined network's name or id; "host" and "container:…" are not in it. */
const NETWORK_REF = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const PREDEFINED_NETWORKS = new Set(["default", "bridge", "none"]);
const BIND_OPTIONS = new Set(["ro", "rw", "nocopy"]);
const SECURITY_OPTIONS = new Set(["no-new-privileges", "no-new-privileges:true", "no-new-privileges=true"]);

/** A named volume, vetted on the engine: one that exists must be ordinary (see volume-rules). */
const vetVolume = (name: string, facts: EngineFacts) => {
  const volume = facts.volume(name);
  return volume ? sensitiveVolume(name, volume) : [];
};

/** pid/ipc/uts/user namespace modes: only the listed (private) values. */
const namespaceRule = (ns: string, allowed: string[]): FieldRule<string> => ({
  allowed: allowed.map((v) => (v === "" ? '"" (the engine default: a private namespace)' : `"${v}"`)).join(", "),
  check(mode) {
    if (allowed.includes(mode)) return [];
    if (mode === "host") return [`host ${ns} namespace`];
    if (mode.startsWith("container:")) return [`${ns} namespace of another container (${mode})`];
    return [`${ns} namespace mode "${mode}"`];
  },
});

/** Joining a network (networkMode, or an extra network): the engine's predefined ones, or one the engine says is ordinary. */
function networkJoinRule(mode: string, facts: EngineFacts): string[] {
  if (mode === "" || PREDEFINED_NETWORKS.has(mode)) return [];
  if (mode === "host") return ["host network namespace"];
  if (mode.startsWith("container:")) return [`network namespace of another container (${mode})`];
  if (mode.startsWith("service:") && facts.projectService?.(mode.slice("service:".length))) return [];
  if (!NETWORK_REF.test(mode)) return [`network mode "${mode}"`];
  // Any other reference is a network on the engine (the host's by id, an admin's macvlan…): ask it what it is.
  return sensitiveNetworkJoin(mode, facts.network(mode));
}

const none = <T>(what: (items: T[]) => string): FieldRule<T[]> => ({ allowed: "none (an empty list)", check: (items) => (items.length ? [what(items)] : []) });

const RULES: Rules<ContainerCreateSpec> = {
  image: ANY("any image"),
  name: ANY("any name"),
  cmd: ANY("any command"),
  entrypoint: ANY("any entrypoint"),
  env: ANY("any environment"),
  labels: ANY("any labels"),
  workingDir: ANY("any directory (inside the container)"),
  user: ANY("any user (a user of the container's own namespace)"),
  tty: ANY("true or false"),
  autoRemove: ANY("true or false (the engine removes the container when it exits)"),
  stopTimeout: ANY("any number of seconds"),
  portBindings: ANY("any published ports (host IP and port: publishing is what a deployer does)"),
  binds: {
    allowed: `only named volumes (never a host path): "volume:/target" with options ${[...BIND_OPTIONS].join(", ")}; a volume that already exists must be ordinary (driver local, no options or a plain tmpfs)`,
    check: (binds, facts) =>
      binds.flatMap((bind) => {
        const [source = "", , options] = bind.split(":");
        const found: string[] = [];
        if (source.startsWith("/")) found.push(`host bind mount ${source} (binds)`);
        else if (!VOLUME_NAME.test(source)) found.push(`bind source "${source}" is not a volume name (binds)`);
        else found.push(...vetVolume(source, facts));
        const odd = (options ?? "").split(",").filter((o) => o !== "" && !BIND_OPTIONS.has(o));
        if (odd.length) found.push(`bind options ${odd.join(",")} on ${source} (binds; allowed: ${[...BIND_OPTIONS].join(", ")})`);
        return found;
      }),
  },
  mounts: {
    allowed: "type volume (anonymous, or a named volume that, if it exists, is ordinary) or type tmpfs (no source); never type bind",
    check: (mounts, facts) =>
      mounts.flatMap((mount) => {
        const source = mount.source ?? "";
        if (mount.type === "bind") return [`host bind mount ${source || "?"} (mounts)`];
        if (mount.type === "tmpfs") return source === "" ? [] : [`tmpfs mount with a source "${source}" (mounts)`];
        if (source === "") return []; // an anonymous volume: the engine creates it, local with no options
        return VOLUME_NAME.test(source) ? vetVolume(source, facts) : [`volume mount source "${source}" is not a volume name (mounts)`];
      }),
  },
  networkMode: {
    allowed: `"" / "default" / "bridge" / "none", "service:<x>" where x is a service of the same compose stack (gated in the same check), or an existing network (by name, id or id prefix) that is ${NETWORK_JOIN_ALLOWED}`,
    check: networkJoinRule,
  },
  networkAliases: ANY("any aliases"),
  pidMode: namespaceRule("pid", [""]),
  ipcMode: namespaceRule("ipc", ["", "private", "shareable", "none"]),
  utsMode: namespaceRule("uts", [""]),
  usernsMode: namespaceRule("user", [""]),
  privileged: { allowed: "false", check: (privileged) => (privileged ? ["privileged mode"] : []) },
  capAdd: none((caps) => `added capabilities ${caps.join(", ")}`),
  devices: none((devices) => `host devices ${devices.map((d) => d.pathOnHost).join(", ")}`),
  securityOpt: {
    allowed: `only ${[...SECURITY_OPTIONS].join(", ")} (the engine's default seccomp, AppArmor and SELinux profiles stay)`,
    check: (options) => options.filter((o) => !SECURITY_OPTIONS.has(o)).map((o) => `security option ${o} (only no-new-privileges is allowed)`),
  },
  restartPolicy: ANY("any restart policy"),
  restartMaxRetries: ANY("any count"),
  limits: ANY("any cgroup limits (they only restrict the container)"),
  // ---- the fields compose services brought (issue 14) ----
  hostname: ANY("any host name (the container's own UTS namespace)"),
  domainname: ANY("any domain name"),
  healthcheck: ANY("any healthcheck (a command run inside the container, like cmd)"),
  init: ANY("true or false (docker-init as PID 1, inside the container)"),
  stopSignal: ANY("any signal"),
  openStdin: ANY("true or false"),
  extraHosts: ANY("any entries (lines of the container's own /etc/hosts; host-gateway is the host's address on the bridge, reachable anyway)"),
  dns: ANY("any DNS servers"),
  dnsSearch: ANY("any search domains"),
  dnsOptions: ANY("any resolver options"),
  capDrop: ANY("any capabilities (dropping only takes away)"),
  readOnlyRootfs: ANY("true or false"),
  sysctls: sysctlsRule,
  shmSizeBytes: ANY("any size (charged to the container's memory)"),
  tmpfs: tmpfsRule,
  logConfig: logConfigRule,
  ulimits: ulimitsRule,
  exposedPorts: ANY("any ports (exposing publishes nothing on the host)"),
  ipv4Address: ANY("any address on the container's user-defined network"),
  extraNetworks: {
    allowed: `each network as networkMode allows it: "bridge", or an existing network that is ${NETWORK_JOIN_ALLOWED}`,
    check: (networks, facts) => networks.flatMap(({ name }) => networkJoinRule(name, facts).map((item) => `${item} (extraNetworks)`)),
  },
};

/** Nested objects of the spec: every field of each, and what it may hold (the same coverage test walks them). */
export const NESTED_ALLOWED = {
  portBindings: { containerPort: "any", protocol: "any", hostIp: "any", hostPort: "any" },
  mounts: { type: "volume or tmpfs (see mounts)", source: "a volume name or empty (see mounts)", target: "any absolute path in the container", readOnly: "true or false" },
  devices: { pathOnHost: "none allowed (see devices)", pathInContainer: "none allowed (see devices)", cgroupPermissions: "none allowed (see devices)" },
  limits: { memoryBytes: "any", memorySwapBytes: "any", nanoCpus: "any", cpuShares: "any", pidsLimit: "any", memoryReservationBytes: "any" },
  healthcheck: { test: "any command (see healthcheck)", intervalNs: "any", timeoutNs: "any", retries: "any", startPeriodNs: "any", startIntervalNs: "any" },
  logConfig: { driver: "json-file, local or none (see logConfig)", options: "the json-file / local options only (see logConfig)" },
  ulimits: { name: "any (see ulimits)", soft: "bounded for rtprio and nofile (see ulimits)", hard: "bounded for rtprio and nofile (see ulimits)" },
  extraNetworks: { name: "a network as networkMode allows it (see extraNetworks)", aliases: "any", ipv4Address: "any" },
} satisfies {
  portBindings: Record<keyof NonNullable<ContainerCreateSpec["portBindings"]>[number], string>;
  mounts: Record<keyof NonNullable<ContainerCreateSpec["mounts"]>[number], string>;
  devices: Record<keyof NonNullable<ContainerCreateSpec["devices"]>[number], string>;
  limits: Record<keyof NonNullable<ContainerCreateSpec["limits"]>, string>;
  healthcheck: Record<keyof NonNullable<ContainerCreateSpec["healthcheck"]>, string>;
  logConfig: Record<keyof NonNullable<ContainerCreateSpec["logConfig"]>, string>;
  ulimits: Record<keyof NonNullable<ContainerCreateSpec["ulimits"]>[number], string>;
  extraNetworks: Record<keyof NonNullable<ContainerCreateSpec["extraNetworks"]>[number], string>;
};

/** Each field of the create spec and what it may hold without container.create.privileged. */
export const CONTAINER_CREATE_ALLOWED = Object.fromEntries(Object.entries(RULES).map(([field, rule]) => [field, rule.allowed])) as { [K in keyof ContainerCreateSpec]-?: string };

/**
 * Everything in a create spec that reaches past the container's own sandbox, each named: an
 * ordinary container answers []. Fields are checked one by one against their allowlist.
 */
export function sensitiveCapabilities(spec: ContainerCreateSpec, facts: EngineFacts = NO_ENGINE_FACTS): string[] {
  const found = Object.entries(spec).flatMap(([field, value]) => {
    if (value === undefined) return [];
    const rule = (RULES as Record<string, FieldRule<unknown> | undefined>)[field];
    // A key the table does not know is a spec this gate was not written for: sensitive, never waved through.
    return rule ? rule.check(value, facts) : [`unclassified field ${field}`];
  });
  return [...new Set(found)];
}

/** What the gate needs the engine to say about this spec: the named volumes it mounts, and the user-defined networks it joins (networkMode, then each extra network). */
export function engineLookups(spec: ContainerCreateSpec): { volumes: string[]; networks: string[] } {
  const fromBinds = (spec.binds ?? []).map((b) => b.split(":")[0] ?? "");
  const fromMounts = (spec.mounts ?? []).filter((m) => m.type === "volume").map((m) => m.source ?? "");
  const volumes = [...new Set([...fromBinds, ...fromMounts])].filter((name) => VOLUME_NAME.test(name));
  const joined = [spec.networkMode ?? "", ...(spec.extraNetworks ?? []).map((n) => n.name)];
  const networks = [...new Set(joined)].filter((ref) => ref !== "" && !PREDEFINED_NETWORKS.has(ref) && ref !== "host" && NETWORK_REF.test(ref));
  return { volumes, networks };
}

// Volume create passes the same gate (re-exported here so core's index needs no second entry).
export { sensitiveVolume, sensitiveVolumeCreate, VOLUME_CREATE_ALLOWED, VETTED_VOLUME_DRIVER, type VolumeFacts } from "./volume-rules";
// Network create too: drivers and options that put containers on the host's own network.
export { sensitiveNetworkCreate, sensitiveNetworkJoin, NETWORK_CREATE_ALLOWED, NETWORK_JOIN_ALLOWED, VETTED_NETWORK_DRIVER, type NetworkFacts } from "./network-rules";
