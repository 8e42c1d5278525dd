import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ContainerCreateSpec, NetworkCreateSpec, VolumeCreateSpec } from "@dockmaster/protocol";
import { CONTAINER_CREATE_ALLOWED, NETWORK_CREATE_ALLOWED, VOLUME_CREATE_ALLOWED, sensitiveCapabilities, sensitiveNetworkCreate, sensitiveVolumeCreate, type EngineFacts, type NetworkFacts, type VolumeFacts } from "./sensitive";

/**
 * Property test over the gate: every field of the create spec and of volume create, fuzzed (the
 * known escapes mixed with random values), against an engine holding fuzzed volumes and networks.
 *
 * The oracle below is written independently of the gate, as a DENYLIST of what the engine would
 * do with the request (Docker's semantics: a host path mounted, a host namespace joined, a device,
 * an added capability, a loosened profile). The gate is an allowlist; the property is that
 * whatever the oracle calls dangerous, the gate reports — field by field, so one finding cannot
 * hide a miss in another field.
 */

const RUNS = 3000;
const TIMEOUT_MS = 120_000; // 3,000 draws take a few seconds, more on a busy machine

// ---- the oracle: what the engine would give the container ----

const bindsHost = (v: VolumeFacts) =>
  v.driver !== "local" || // a plugin: can do anything
  /(^|,)r?bind(,|$)/.test(v.options.o ?? "") || // the local driver binds a host path
  (v.options.type !== undefined && v.options.type !== "tmpfs") || // mounts a host device or a remote file system
  (v.options.device !== undefined && v.options.device !== "tmpfs");
const volumeReachesHost = (name: string, engine: EngineFacts) => {
  const v = engine.volume(name);
  return v !== undefined && bindsHost(v);
};
const joinsOther = (mode: string | undefined) => mode === "host" || (mode?.startsWith("container:") ?? false);
/** Docker's parse of a security option (`key=value`, or the legacy `key:value`); keys it does not know it refuses. */
const loosens = (opt: string) => {
  if (opt === "no-new-privileges") return false;
  const [key = "", value = ""] = opt.includes("=") ? opt.split(/=(.*)/s) : opt.split(/:(.*)/s);
  if (key === "no-new-privileges") return !["1", "t", "T", "TRUE", "true", "True"].includes(value);
  return ["seccomp", "apparmor", "label", "systempaths"].includes(key); // any profile but the engine's default
};

/** Kubernetes' safe sysctls (its documented list, copied here so the oracle does not read the gate's table). */
const K8S_SAFE_SYSCTLS = (
  "kernel.shm_rmid_forced net.ipv4.ip_local_port_range net.ipv4.ip_unprivileged_port_start net.ipv4.tcp_syncookies net.ipv4.ping_group_range " +
  "net.ipv4.ip_local_reserved_ports net.ipv4.tcp_keepalive_time net.ipv4.tcp_fin_timeout net.ipv4.tcp_keepalive_intvl net.ipv4.tcp_keepalive_probes"
).split(" ");
/** Log drivers that write to the engine's own files (or nowhere); every other one ships the output to a remote or a host socket. */
const LOCAL_LOG_DRIVERS = ["json-file", "local", "none"];
/** The fields compose services brought: their refusals name the field. */
const COMPOSE_FIELDS = new Set<keyof ContainerCreateSpec>(["sysctls", "logConfig", "extraNetworks", "ulimits"]);

/** Each field the engine would turn into host access, by the oracle. */
function dangerousFields(spec: ContainerCreateSpec, engine: EngineFacts): Array<keyof ContainerCreateSpec> {
  const found: Array<keyof ContainerCreateSpec> = [];
  if (spec.privileged) found.push("privileged");
  if ((spec.binds ?? []).some((b) => { const source = b.split(":")[0] ?? ""; return source.startsWith("/") || volumeReachesHost(source, engine); })) found.push("binds");
  if ((spec.mounts ?? []).some((m) => m.type === "bind" || (m.type === "volume" && !!m.source && volumeReachesHost(m.source, engine)))) found.push("mounts");
  if (joinsOther(spec.networkMode) || (spec.networkMode !== undefined && joinsHostNetwork(spec.networkMode, engine))) found.push("networkMode");
  for (const field of ["pidMode", "ipcMode", "utsMode"] as const) if (joinsOther(spec[field])) found.push(field);
  if (spec.usernsMode === "host") found.push("usernsMode");
  if (spec.capAdd?.length) found.push("capAdd");
  if (spec.devices?.length) found.push("devices");
  if ((spec.securityOpt ?? []).some(loosens)) found.push("securityOpt");
  if (Object.keys(spec.sysctls ?? {}).some((key) => !K8S_SAFE_SYSCTLS.includes(key))) found.push("sysctls");
  if (spec.logConfig && !LOCAL_LOG_DRIVERS.includes(spec.logConfig.driver)) found.push("logConfig");
  if ((spec.extraNetworks ?? []).some((n) => joinsHostNetwork(n.name, engine))) found.push("extraNetworks");
  // SCHED_FIFO at any priority above 0 runs ahead of every normal process of the host
  if ((spec.ulimits ?? []).some((u) => u.name === "rtprio" && (u.soft !== 0 || u.hard !== 0))) found.push("ulimits");
  return found;
}

/**
 * Networks, by the oracle: what the engine would wire to the host's own network. macvlan / ipvlan
 * hang off a host interface, a plugin can do anything; a bridge reaches the host when told a host
 * interface (parent, an existing bridge's name, trusted host interfaces), when it exposes every
 * container port (routed / nat-unprotected gateway modes) or sends containers' own addresses out
 * (masquerading off), or when the engine does not assign it an address (inhibit_ipv4: a bridge
 * someone else configured, e.g. the host's).
 */
function networkReachesHost(spec: Pick<NetworkCreateSpec, "parent" | "options"> & { driver: string }): boolean {
  if (spec.driver !== "bridge" || spec.parent !== undefined) return true;
  return Object.entries(spec.options ?? {}).some(([key, value]) => {
    if (["parent", "com.docker.network.bridge.name", "com.docker.network.bridge.trusted_host_interfaces", "com.docker.network.bridge.inhibit_ipv4", "macvlan_mode", "ipvlan_mode"].includes(key)) return true;
    if (key.startsWith("com.docker.network.bridge.gateway_mode_ipv")) return ["routed", "nat-unprotected"].includes(value) || !["nat", "isolated"].includes(value);
    if (key === "com.docker.network.bridge.enable_ip_masquerade") return value !== "true";
    return false;
  });
}

/**
 * Joining an existing network (networkMode at create), by the oracle: the host's network, or any
 * network that reaches the host's network as above — but the engine's own default bridge (docker0)
 * and "none" (no network at all), which a container joins by name anyway.
 */
function joinsHostNetwork(ref: string, engine: EngineFacts): boolean {
  const network = engine.network(ref);
  if (network === undefined) return false; // the engine refuses a network it does not have
  if ((network.name === "bridge" && network.driver === "bridge") || (network.name === "none" && network.driver === "null")) return false;
  return network.driver === "host" || networkReachesHost(network);
}

// ---- generators: the known escapes mixed with random values ----

const text = fc.string({ maxLength: 24 });
const volumeName = fc.oneof(fc.constantFrom("data", "thatvol", "cache", "vv", "db-1"), fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,12}$/));
const hostPath = fc.oneof(fc.constantFrom("/", "/etc", "/var/run/docker.sock", "/dev/sda1", "/root/.ssh"), fc.stringMatching(/^\/[a-zA-Z0-9_./-]{0,16}$/));
const networkRef = fc.constantFrom("5336c23556e8", "front", "back");
const target = fc.oneof(fc.constantFrom("/host", "/data", "/proc", "/"), fc.stringMatching(/^\/[a-zA-Z0-9_.-]{0,12}$/));

const tmpfsOptions = fc.record({ type: fc.constant("tmpfs"), device: fc.constant("tmpfs"), o: fc.constantFrom("size=64m", "size=10%,mode=1777", "uid=1000,gid=1000") }, { requiredKeys: ["type"] });
const escapeOptions = fc.oneof(
  fc.record({ type: fc.constantFrom("none", "tmpfs", ""), o: fc.constantFrom("bind", "rbind", "bind,ro", "ro,rbind", "size=1m,bind"), device: hostPath }),
  fc.record({ type: fc.constantFrom("ext4", "xfs", "btrfs", "overlay", "proc"), device: fc.oneof(hostPath, fc.constant("overlay")) }),
  fc.record({ type: fc.constantFrom("nfs", "nfs4", "cifs"), o: fc.constantFrom("addr=10.0.0.1,rw", "addr=fileserver"), device: fc.constantFrom(":/export", "//srv/share") }),
  fc.record({ device: hostPath }),
);
const randomOptions = fc.dictionary(fc.oneof(fc.constantFrom("type", "device", "o", "size"), fc.string({ minLength: 1, maxLength: 8 })), text, { maxKeys: 4 });
const driverOptions = fc.oneof(fc.constant({}), tmpfsOptions, escapeOptions, randomOptions);
const driver = fc.oneof({ weight: 4, arbitrary: fc.constant("local") }, { weight: 1, arbitrary: fc.constantFrom("rexray/ebs", "nfs-plugin", "Local", "local-persist") });
const engineVolume = fc.record({ driver, options: driverOptions });
/** A network found on the engine: any driver (the host's, the predefined ones, macvlan / ipvlan, a plugin), fuzzed options, sometimes named like a predefined one. */
const engineNetwork = fc.record({
  name: fc.constantFrom("front", "bridge", "none", "host", "lan"),
  driver: fc.constantFrom("host", "bridge", "bridge", "null", "overlay", "macvlan", "ipvlan", "weave"),
  options: fc.oneof(
    fc.constant({}),
    fc.constantFrom<Record<string, string>>({ parent: "eth0" }, { parent: "eth0.10", macvlan_mode: "bridge" }, { "com.docker.network.bridge.name": "br0" }, { "com.docker.network.bridge.gateway_mode_ipv4": "routed" }, { "com.docker.network.bridge.enable_ip_masquerade": "false" }, { "com.docker.network.driver.mtu": "1400" }),
    fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_.-]{0,12}$/), fc.string({ maxLength: 8 }), { maxKeys: 2 }),
  ),
});
const engineState = fc.record({
  volumes: fc.dictionary(volumeName, engineVolume, { maxKeys: 6 }),
  networks: fc.dictionary(networkRef, engineNetwork, { maxKeys: 3 }),
});
const factsOf = (state: { volumes: Record<string, VolumeFacts>; networks: Record<string, NetworkFacts> }): EngineFacts => ({
  volume: (name) => (Object.hasOwn(state.volumes, name) ? state.volumes[name] : undefined),
  network: (ref) => (Object.hasOwn(state.networks, ref) ? state.networks[ref] : undefined),
});

const bind = fc
  .tuple(fc.oneof(volumeName, hostPath, fc.stringMatching(/^[^:]{1,12}$/)), target, fc.oneof(fc.constant(""), fc.constantFrom(":ro", ":rw", ":nocopy", ":rshared", ":z", ":ro,Z"), fc.stringMatching(/^:[a-zA-Z,]{1,8}$/)))
  .map(([source, t, options]) => `${source}:${t}${options}`);
const mount = fc.record(
  { type: fc.constantFrom("bind", "volume", "tmpfs"), source: fc.oneof(volumeName, hostPath, fc.constant(""), text), target, readOnly: fc.boolean() },
  { requiredKeys: ["type", "target"] },
);
const namespaceMode = fc.oneof(fc.constantFrom("", "host", "container:abc", "private", "shareable", "none", "HOST", "container:"), text);
const securityOpt = fc.oneof(
  fc.constantFrom(
    "no-new-privileges",
    "no-new-privileges:true",
    "no-new-privileges=true",
    "no-new-privileges:false",
    "no-new-privileges=0",
    "seccomp=unconfined",
    `seccomp=${JSON.stringify({ defaultAction: "SCMP_ACT_ALLOW" })}`,
    "seccomp:unconfined",
    "apparmor=unconfined",
    "apparmor:unconfined",
    "label=disable",
    "label:disable",
    "label=type:spc_t",
    "systempaths=unconfined",
    "NO-NEW-PRIVILEGES",
  ),
  text,
);
const device = fc.record({ pathOnHost: hostPath.filter((p) => p.length > 0), pathInContainer: fc.constantFrom("/dev/x", "/dev/sda") });
const list = <T>(item: fc.Arbitrary<T>) => fc.array(item, { maxLength: 4 });

const sysctlKey = fc.oneof(
  fc.constantFrom(...K8S_SAFE_SYSCTLS, "net.core.somaxconn", "kernel.msgmax", "vm.overcommit_memory", "kernel.core_pattern", "net.ipv4.ip_forward", "net.ipv4.conf.all.route_localnet", "kernel.shm_rmid_forced.x"),
  fc.stringMatching(/^[a-z]{1,5}(\.[a-z_]{1,8}){1,3}$/),
);
const logDriver = fc.constantFrom("json-file", "local", "none", "syslog", "gelf", "fluentd", "journald", "splunk", "awslogs", "Json-File", "grafana/loki:latest", "json-file.x");
const ulimit = fc
  .tuple(fc.constantFrom("nofile", "nproc", "memlock", "rtprio", "nice", "core", "stack"), fc.oneof(fc.constant(-1), fc.constant(0), fc.integer({ min: 0, max: 2_000_000 })), fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 2_000_000 })))
  .map(([name, a, b]) => {
    const [soft, hard] = a === -1 || (b !== -1 && a > b) ? [b, a] : [a, b]; // soft never above hard (-1 = unlimited), as the spec requires
    return { name, soft, hard };
  });
const extraNetwork = fc.record({ name: fc.oneof(networkRef, fc.constantFrom("bridge", "lan", "db-net")), aliases: list(fc.stringMatching(/^[a-z]([a-z0-9-]{0,7}[a-z0-9])?$/)), ipv4Address: fc.constantFrom("172.30.0.5", "10.9.0.2") }, { requiredKeys: ["name"] });

/** Every field of ContainerCreateSpec, each optional, fuzzed (a test below holds this list to the spec's). */
const SPEC_FIELDS = {
  image: fc.constantFrom("busybox", "nginx:1"),
  name: fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,10}$/),
  cmd: list(text),
  entrypoint: list(text),
  env: list(fc.stringMatching(/^[A-Z]{1,4}=[a-z]{0,4}$/)),
  labels: fc.dictionary(fc.string({ maxLength: 8 }), text, { maxKeys: 3 }),
  workingDir: text,
  user: fc.constantFrom("0", "root", "1000:1000", ""),
  tty: fc.boolean(),
  autoRemove: fc.boolean(),
  stopTimeout: fc.integer({ min: 0, max: 3600 }),
  portBindings: list(fc.record({ containerPort: fc.integer({ min: 1, max: 65535 }), hostPort: fc.constantFrom("", "80", "8080"), hostIp: fc.constantFrom("", "127.0.0.1") })),
  binds: list(bind),
  mounts: list(mount),
  networkMode: fc.oneof(fc.constantFrom("", "default", "bridge", "none", "host", "container:db"), networkRef, text),
  pidMode: namespaceMode,
  ipcMode: namespaceMode,
  utsMode: namespaceMode,
  usernsMode: namespaceMode,
  privileged: fc.boolean(),
  capAdd: list(fc.oneof(fc.constantFrom("SYS_ADMIN", "NET_ADMIN", "ALL", "CAP_SYS_PTRACE", "CHOWN"), text)),
  devices: list(device),
  securityOpt: list(securityOpt),
  networkAliases: list(fc.stringMatching(/^[a-z]([a-z0-9-]{0,7}[a-z0-9])?$/)),
  restartPolicy: fc.constantFrom("no", "always", "unless-stopped", "on-failure"),
  restartMaxRetries: fc.integer({ min: 0, max: 10 }),
  limits: fc.record(
    {
      memoryBytes: fc.integer({ min: 6 * 1024 * 1024, max: 2 ** 33 }),
      memorySwapBytes: fc.constantFrom(-1, 0),
      pidsLimit: fc.integer({ min: -1, max: 1000 }),
      nanoCpus: fc.integer({ min: 1_000_000, max: 8e9 }),
      cpuShares: fc.integer({ min: 2, max: 1024 }),
      memoryReservationBytes: fc.integer({ min: 6 * 1024 * 1024, max: 2 ** 33 }),
    },
    { requiredKeys: [] },
  ),
  hostname: fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/),
  domainname: fc.constantFrom("shop.internal", "example.com"),
  healthcheck: fc.oneof(fc.constant({ test: ["NONE"] }), fc.record({ test: fc.constantFrom(["CMD", "true"], ["CMD-SHELL", "exit 0"], []), intervalNs: fc.integer({ min: 1_000_000, max: 60e9 }), retries: fc.integer({ min: 0, max: 10 }) }, { requiredKeys: ["test"] })),
  init: fc.boolean(),
  stopSignal: fc.constantFrom("SIGTERM", "SIGQUIT", 9, "RTMIN+3", "winch"),
  openStdin: fc.boolean(),
  extraHosts: list(fc.constantFrom("db:10.0.0.5", "host.docker.internal:host-gateway", "v6:::1")),
  dns: list(fc.constantFrom("10.0.0.53", "::1")),
  dnsSearch: list(fc.constantFrom("shop.internal", "example.com")),
  dnsOptions: list(fc.constantFrom("ndots:2", "rotate", "timeout:1")),
  capDrop: list(fc.constantFrom("ALL", "NET_RAW", "CAP_CHOWN")),
  readOnlyRootfs: fc.boolean(),
  sysctls: fc.dictionary(sysctlKey, fc.string({ maxLength: 12 }), { maxKeys: 3 }),
  shmSizeBytes: fc.integer({ min: 0, max: 2 ** 32 }),
  tmpfs: fc.dictionary(target, fc.oneof(fc.constantFrom("", "size=64m", "mode=1777,noexec", "uid=1000,gid=1000", "huge=always", "rshared", "size=1m,mpol=bind"), fc.stringMatching(/^[a-z0-9=,]{0,12}$/)), { maxKeys: 3 }),
  logConfig: fc.record({ driver: logDriver, options: fc.dictionary(fc.constantFrom("max-size", "tag", "syslog-address", "path", "fluentd-address"), fc.string({ minLength: 1, maxLength: 12 }), { maxKeys: 2 }) }, { requiredKeys: ["driver"] }),
  ulimits: fc.uniqueArray(ulimit, { maxLength: 4, selector: (u) => u.name }),
  exposedPorts: list(fc.constantFrom("80/tcp", "53/udp", "9000/sctp")),
  ipv4Address: fc.constantFrom("172.30.0.10"),
  extraNetworks: fc.uniqueArray(extraNetwork, { maxLength: 3, selector: (n) => n.name }),
};
const NOT_A_USER_NETWORK = /^(|default|bridge|host|none|container:.*)$/;
/**
 * The spec's cross-field rules kept (aliases and a fixed address need a user network, a retry count
 * the on-failure policy, extra networks a mode that allows more than one, a reservation at most the
 * memory, no names or DNS of its own in another container's namespace, a tmpfs off volume targets),
 * so few draws are discarded.
 */
const rawSpec = fc.record(SPEC_FIELDS, { requiredKeys: ["image"] }).map(({ networkAliases, restartMaxRetries, ipv4Address, extraNetworks, limits, hostname, dns, extraHosts, exposedPorts, tmpfs, ...rest }) => {
  const userNetwork = !NOT_A_USER_NETWORK.test(rest.networkMode ?? "");
  const primary = ["", "default", undefined].includes(rest.networkMode) ? "bridge" : rest.networkMode; // on Linux the default network is the bridge
  const extras = extraNetworks
    ?.filter((n) => n.name !== primary)
    .map((n) => (NOT_A_USER_NETWORK.test(n.name) ? { name: n.name } : n));
  const { memoryReservationBytes, ...otherLimits } = limits ?? {};
  const reservationFits = memoryReservationBytes !== undefined && memoryReservationBytes <= (otherLimits.memoryBytes ?? Infinity);
  const taken = new Set([...(rest.binds ?? []).map((b) => b.split(":")[1]), ...(rest.mounts ?? []).map((m) => m.target)]);
  return {
    ...rest,
    ...(rest.networkMode?.startsWith("container:") ? {} : { hostname, dns, extraHosts, exposedPorts }), // another container's namespace brings its own
    ...(tmpfs === undefined ? {} : { tmpfs: Object.fromEntries(Object.entries(tmpfs).filter(([path]) => !taken.has(path))) }),
    ...(userNetwork ? { networkAliases, ipv4Address } : {}),
    ...(/^(host|none|container:.*)$/.test(rest.networkMode ?? "") ? {} : { extraNetworks: extras }),
    ...(limits === undefined ? {} : { limits: { ...otherLimits, ...(reservationFits ? { memoryReservationBytes } : {}) } }),
    ...(rest.restartPolicy === "on-failure" ? { restartMaxRetries } : {}),
  };
});
const subnetOf = (third: number) => ({ subnet: `172.30.${third}.0/24`, gateway: `172.30.${third}.1`, ipRange: `172.30.${third}.128/25` });
const hostInterface = fc.oneof(fc.constantFrom("eth0", "eth0.10", "br0", "docker0", "wlan0", "bond0"), fc.stringMatching(/^[a-z][a-z0-9.]{0,8}$/));
const networkOption = fc.oneof(
  fc.tuple(fc.constantFrom("parent", "com.docker.network.bridge.name", "com.docker.network.bridge.trusted_host_interfaces"), hostInterface),
  fc.tuple(fc.constantFrom("com.docker.network.bridge.gateway_mode_ipv4", "com.docker.network.bridge.gateway_mode_ipv6"), fc.constantFrom("nat", "isolated", "routed", "nat-unprotected")),
  fc.tuple(fc.constantFrom("com.docker.network.bridge.enable_ip_masquerade", "com.docker.network.bridge.enable_icc", "com.docker.network.bridge.inhibit_ipv4"), fc.constantFrom("true", "false")),
  fc.tuple(fc.constantFrom("macvlan_mode", "ipvlan_mode"), fc.constantFrom("bridge", "l2", "l3")),
  fc.tuple(fc.constant("com.docker.network.driver.mtu"), fc.constantFrom("1400", "1500", "9000")),
  fc.tuple(fc.stringMatching(/^[a-z][a-z0-9_.-]{0,12}$/), text),
);
/** Every field of NetworkCreateSpec (the addressing trio is drawn together: the spec refuses a gateway outside its subnet). */
const NETWORK_FIELDS = {
  name: fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,10}$/),
  driver: fc.constantFrom("bridge", "bridge", "macvlan", "ipvlan"),
  internal: fc.boolean(),
  attachable: fc.boolean(),
  subnet: fc.constant("(drawn with gateway and ipRange)"),
  gateway: fc.constant("(drawn with subnet)"),
  ipRange: fc.constant("(drawn with subnet)"),
  parent: hostInterface,
  labels: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), text, { maxKeys: 3 }),
  options: fc.array(networkOption, { maxLength: 3 }).map((pairs) => Object.fromEntries(pairs)),
};
const rawNetwork = fc
  .record({ ...NETWORK_FIELDS, addressing: fc.option(fc.integer({ min: 0, max: 255 }).map(subnetOf), { nil: undefined }) }, { requiredKeys: ["name"] })
  .map(({ subnet: _s, gateway: _g, ipRange: _r, addressing, ...rest }) => ({ ...rest, ...addressing, ...(rest.driver === "bridge" || rest.driver === undefined ? { parent: undefined } : {}) }));

const VOLUME_FIELDS = { name: volumeName, driver, driverOptions, labels: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), text, { maxKeys: 3 }) };

describe("the gate, fuzzed (fast-check)", () => {
  it("fuzzes every field of both specs (a field added to a spec must be added here too)", () => {
    expect(Object.keys(SPEC_FIELDS).sort()).toEqual(Object.keys(CONTAINER_CREATE_ALLOWED).sort());
    expect(Object.keys(VOLUME_FIELDS).sort()).toEqual(Object.keys(VOLUME_CREATE_ALLOWED).sort());
    expect(Object.keys(NETWORK_FIELDS).sort()).toEqual(Object.keys(NETWORK_CREATE_ALLOWED).sort());
  });

  it("never lets a network create reach the host's network — macvlan / ipvlan, a host interface, a host bridge, exposing gateway modes — without naming it; ordinary bridges pass", () => {
    let reaching = 0;
    fc.assert(
      fc.property(rawNetwork, (raw) => {
        const parsed = NetworkCreateSpec.safeParse(raw);
        fc.pre(parsed.success);
        const spec = parsed.data;
        const report = sensitiveNetworkCreate(spec);
        if (networkReachesHost(spec)) {
          reaching++;
          expect(report, JSON.stringify(spec)).not.toEqual([]);
          for (const item of report) expect(item, JSON.stringify(spec)).toMatch(/driver|interface|option/);
        }
        // a parent / host interface named anywhere is named in the refusal
        for (const name of [spec.parent, spec.options?.parent, spec.options?.["com.docker.network.bridge.name"]].filter((n) => n !== undefined)) expect(report.join("; ")).toContain(name);
        // the same network, found on the engine (parent as the engine stores it: an option), is judged the same when a container joins it
        const found = { name: "front", driver: spec.driver, options: { ...spec.options, ...(spec.parent === undefined ? {} : { parent: spec.parent }) } };
        const atJoin = sensitiveCapabilities(ContainerCreateSpec.parse({ image: "busybox", networkMode: "front" }), factsOf({ volumes: {}, networks: { front: found } }));
        expect(atJoin.length > 0, JSON.stringify(found)).toBe(report.length > 0);
      }),
      { numRuns: RUNS },
    );
    expect(reaching).toBeGreaterThan(RUNS / 4);
    const ordinary = fc.record(
      {
        name: NETWORK_FIELDS.name,
        internal: fc.boolean(),
        attachable: fc.boolean(),
        labels: NETWORK_FIELDS.labels,
        options: fc.record(
          { "com.docker.network.driver.mtu": fc.constantFrom("1400", "1500"), "com.docker.network.bridge.enable_icc": fc.constantFrom("true", "false"), "com.docker.network.bridge.gateway_mode_ipv4": fc.constantFrom("nat", "isolated") },
          { requiredKeys: [] },
        ),
        addressing: fc.option(fc.integer({ min: 0, max: 255 }).map(subnetOf), { nil: undefined }),
      },
      { requiredKeys: ["name"] },
    );
    fc.assert(
      fc.property(ordinary, ({ addressing, ...raw }) => {
        expect(sensitiveNetworkCreate(NetworkCreateSpec.parse({ ...raw, ...addressing }))).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT_MS);

  it("never lets a spec reach the host — host path, bind volume, plugin volume, host namespace, device, capability, loosened profile, unsafe sysctl, remote log driver, host-reaching extra network, real-time priority — without naming it, field by field", () => {
    fc.assert(
      fc.property(rawSpec, engineState, (raw, state) => {
        const parsed = ContainerCreateSpec.safeParse(raw);
        fc.pre(parsed.success);
        const spec = parsed.data;
        const facts = factsOf(state);
        const report = sensitiveCapabilities(spec, facts);
        for (const field of dangerousFields(spec, facts)) {
          expect(report.length, `a dangerous ${field} went unreported: ${JSON.stringify(spec[field])}`).toBeGreaterThan(0);
          // the same field alone must be reported too: no other field's finding may hide a miss
          // (alone, the primary network is the default bridge: an extra "bridge" — never dangerous — would be a duplicate)
          const value = field === "extraNetworks" ? spec.extraNetworks?.filter((n) => n.name !== "bridge") : spec[field];
          const alone = sensitiveCapabilities(ContainerCreateSpec.parse({ image: spec.image, [field]: value }), facts);
          expect(alone, `${field}: ${JSON.stringify(spec[field])}`).not.toEqual([]);
          // the UI shows the refusal: for the compose fields it names the field
          if (COMPOSE_FIELDS.has(field)) for (const item of alone) expect(item).toContain(`(${field}`);
        }
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT_MS);

  it("never lets a volume create reach the host without naming it, and agrees with the check at container create", () => {
    fc.assert(
      fc.property(fc.record(VOLUME_FIELDS), (raw) => {
        const parsed = VolumeCreateSpec.safeParse(raw);
        fc.pre(parsed.success);
        const spec = parsed.data;
        const atCreate = sensitiveVolumeCreate(spec);
        if (bindsHost({ driver: spec.driver, options: spec.driverOptions ?? {} })) expect(atCreate, JSON.stringify(spec)).not.toEqual([]);
        // the same volume, found on the engine later, is judged the same when a container mounts it
        const engine = factsOf({ volumes: { [spec.name!]: { driver: spec.driver, options: spec.driverOptions ?? {} } }, networks: {} });
        const atMount = sensitiveCapabilities(ContainerCreateSpec.parse({ image: "busybox", mounts: [{ type: "volume", source: spec.name, target: "/v" }] }), engine);
        expect(atMount).toEqual(atCreate);
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT_MS);

  it("is not a wall: ordinary containers (allowed values of every field, fuzzed) pass", () => {
    const ordinary = fc.record(
      {
        image: fc.constantFrom("busybox", "nginx:1"),
        cmd: list(text),
        env: list(fc.stringMatching(/^[A-Z]{1,4}=[a-z]{0,4}$/)),
        user: fc.constantFrom("0", "1000"),
        binds: list(fc.tuple(volumeName, target, fc.constantFrom("", ":ro", ":rw", ":nocopy", ":ro,nocopy")).map(([s, t, o]) => `${s}:${t}${o}`)),
        mounts: list(fc.oneof(fc.record({ type: fc.constant("volume" as const), source: volumeName, target }), fc.record({ type: fc.constant("tmpfs" as const), target }))),
        networkMode: fc.constantFrom("", "default", "bridge", "none", "front"),
        ipcMode: fc.constantFrom("", "private", "shareable", "none"),
        pidMode: fc.constant(""),
        privileged: fc.constant(false),
        capAdd: fc.constant([]),
        securityOpt: list(fc.constantFrom("no-new-privileges", "no-new-privileges:true", "no-new-privileges=true")),
        hostname: SPEC_FIELDS.hostname,
        healthcheck: SPEC_FIELDS.healthcheck,
        init: fc.boolean(),
        stopSignal: SPEC_FIELDS.stopSignal,
        extraHosts: SPEC_FIELDS.extraHosts,
        dns: SPEC_FIELDS.dns,
        capDrop: SPEC_FIELDS.capDrop,
        readOnlyRootfs: fc.boolean(),
        sysctls: fc.dictionary(fc.constantFrom(...K8S_SAFE_SYSCTLS), fc.string({ maxLength: 12 }), { maxKeys: 3 }),
        shmSizeBytes: SPEC_FIELDS.shmSizeBytes,
        tmpfs: fc.dictionary(target, fc.constantFrom("", "size=64m", "mode=1777,noexec,nosuid,nodev", "uid=1000,gid=1000,ro", "size=10%,exec,suid,dev,rw"), { maxKeys: 3 }),
        logConfig: fc.record({ driver: fc.constantFrom(...LOCAL_LOG_DRIVERS), options: fc.dictionary(fc.constantFrom("max-size", "max-file", "compress", "tag"), fc.string({ minLength: 1, maxLength: 8 }), { maxKeys: 2 }) }, { requiredKeys: ["driver"] }),
        ulimits: fc.uniqueArray(ulimit.filter((u) => u.name !== "rtprio" && !(u.name === "nofile" && (u.hard === -1 || u.hard > 1_048_576))), { maxLength: 3, selector: (u) => u.name }),
        exposedPorts: SPEC_FIELDS.exposedPorts,
        extraNetworks: fc.uniqueArray(fc.constantFrom({ name: "back", aliases: ["api"] }, { name: "bridge" }), { maxLength: 2, selector: (n) => n.name }),
      },
      { requiredKeys: ["image"] },
    );
    const ordinaryVolumes = fc.dictionary(volumeName, fc.record({ driver: fc.constant("local"), options: fc.oneof(fc.constant({}), tmpfsOptions) }), { maxKeys: 6 });
    fc.assert(
      fc.property(ordinary, ordinaryVolumes, ({ extraNetworks, ...raw }, volumes) => {
        // a container on "none" joins no other network, and none twice (on Linux "" and "default" are the bridge)
        const primary = ["", "default", undefined].includes(raw.networkMode) ? "bridge" : raw.networkMode;
        const extras = raw.networkMode === "none" ? undefined : extraNetworks?.filter((n) => n.name !== primary);
        // and a tmpfs never on a path a volume already takes (the engine's duplicate mount point)
        const taken = new Set([...(raw.binds ?? []).map((b) => b.split(":")[1]), ...(raw.mounts ?? []).map((m) => m.target)]);
        const tmpfs = raw.tmpfs && Object.fromEntries(Object.entries(raw.tmpfs).filter(([path]) => !taken.has(path)));
        const spec = ContainerCreateSpec.parse({ ...raw, tmpfs, extraNetworks: extras });
        const networks = { front: { name: "front", driver: "bridge", options: {} }, back: { name: "back", driver: "bridge", options: {} } };
        expect(sensitiveCapabilities(spec, factsOf({ volumes, networks }))).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT_MS);
});
