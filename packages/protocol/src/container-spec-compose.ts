import { z } from "zod";

/**
 * The fields of a create spec that compose services need beyond the run form (issue 14):
 * names, healthcheck, init, stop signal, DNS, hosts, dropped capabilities, read-only root, sysctls,
 * shm, tmpfs, logging, ulimits, exposed ports, fixed addresses and extra networks. Each is shaped
 * and bounded the way the Engine API takes it; container-spec.ts composes them into the spec.
 * What each may hold WITHOUT container.create.privileged is core's business (authz/sensitive.ts).
 */

const LABEL = "[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?";
const DOTTED = new RegExp(`^${LABEL}(\\.${LABEL})*$`);

/** sethostname(2) takes at most 64 bytes; compose's hostnames are DNS names. */
export const HostnameSpec = z
  .string()
  .max(63, "a host name is letters, digits and - (dot-separated labels), at most 63 characters")
  .regex(DOTTED, "a host name is letters, digits and - (dot-separated labels), at most 63 characters");
export const DomainNameSpec = z.string().max(253, "a domain name is at most 253 characters").regex(DOTTED, "a domain name is dot-separated labels of letters, digits and -");

const IP = z.union([z.ipv4(), z.ipv6()]);
const isIp = (v: string) => IP.safeParse(v).success;

/** `name:IP` as the engine writes it to /etc/hosts; the name never holds ":", so the first ":" splits (IPv6 keeps its own). */
export const ExtraHostSpec = z
  .string()
  .max(512)
  .refine((entry) => {
    const at = entry.indexOf(":");
    const [name, ip] = [entry.slice(0, at), entry.slice(at + 1)];
    return at > 0 && /^[a-zA-Z0-9]([a-zA-Z0-9_.-]*[a-zA-Z0-9])?$/.test(name) && (ip === "host-gateway" || isIp(ip));
  }, 'extra hosts look like "name:IP" (IPv4, IPv6 or host-gateway)');

export const DnsServerSpec = z.string().max(64).refine(isIp, "a DNS server is an IPv4 or IPv6 address");
/** resolv.conf options: `ndots:2`, `timeout:1`, `rotate`, `edns0`, `use-vc`… */
export const DnsOptionSpec = z.string().max(64).regex(/^[a-z][a-z0-9_-]*(:\d{1,5})?$/, 'a resolver option looks like "ndots:2" or "rotate"');

/** Linux signal names as the engine parses them (case-insensitive, SIG optional), or a number from 1 to 64. */
const SIGNALS = "HUP INT QUIT ILL TRAP ABRT IOT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT CHLD CLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH IO POLL PWR SYS RTMIN RTMAX";
const SIGNAL_NAME = new RegExp(`^(SIG)?(${SIGNALS.split(" ").join("|")}|RTMIN\\+([1-9]|1[0-5])|RTMAX-([1-9]|1[0-5]))$`, "i");
const STOP_SIGNAL_MESSAGE = "a stop signal is a signal name (SIGTERM, SIGQUIT, RTMIN+3…) or a number from 1 to 64";
export const StopSignalSpec = z
  .union([z.string().max(16), z.number()])
  .refine((v) => (typeof v === "number" ? Number.isInteger(v) && v >= 1 && v <= 64 : SIGNAL_NAME.test(v) || /^([1-9]|[1-5]\d|6[0-4])$/.test(v)), STOP_SIGNAL_MESSAGE);

export const CapabilitySpec = z.string().max(64).regex(/^[A-Za-z_]+$/, "a capability name is letters and _ (e.g. NET_RAW, CAP_CHOWN, ALL)");

/** `80/tcp`: the engine's port key (the protocol is required so one port has one spelling). */
export const ExposedPortSpec = z
  .string()
  .max(16)
  .refine((p) => {
    const m = /^(\d{1,5})\/(tcp|udp|sctp)$/.exec(p);
    return m !== null && Number(m[1]) >= 1 && Number(m[1]) <= 65535;
  }, 'exposed ports look like "80/tcp" (a port from 1 to 65535 and tcp, udp or sctp)');

/**
 * A map whose keys are checked one by one with a message naming the key (zod's own record says
 * only "Invalid key in record"), with at most `max` entries.
 */
export function keyedRecord(key: { pattern: RegExp; maxLength: number; message: string }, value: z.ZodType<string>, max: number, what: string) {
  return z.record(z.string(), value).superRefine((record, ctx) => {
    const keys = Object.keys(record);
    if (keys.length > max) ctx.addIssue({ code: "custom", message: `at most ${max} ${what}` });
    for (const k of keys) if (k.length > key.maxLength || !key.pattern.test(k)) ctx.addIssue({ code: "custom", path: [k], message: key.message });
  });
}

export const SysctlsSpec = keyedRecord({ pattern: /^[a-z0-9_]+(\.[a-zA-Z0-9_/-]+)+$/, maxLength: 256, message: "a sysctl name is dotted, like net.ipv4.ip_local_port_range" }, z.string().max(1024), 64, "sysctls");
/** The tmpfs mount options, comma-separated (what is allowed without the permission is the gate's business). */
export const TmpfsOptionsSpec = z.string().max(1024).regex(/^[a-zA-Z0-9_=%.,-]*$/, 'tmpfs options are comma-separated, like "size=64m,mode=1777"');
export const TmpfsSpec = keyedRecord({ pattern: /^\/[^:,]*$/, maxLength: 4096, message: "a tmpfs target must be an absolute path (no : or ,)" }, TmpfsOptionsSpec, 64, "tmpfs mounts");

const MIN_DURATION_NS = 1_000_000; // the engine refuses healthcheck durations under 1 ms (0 = its default)
const DAY_NS = 86_400 * 1e9;
const duration = (what: string) =>
  z
    .number()
    .int(`the ${what} is a whole number of nanoseconds`)
    .max(DAY_NS, `the ${what} must be at most a day`)
    .refine((ns) => ns === 0 || ns >= MIN_DURATION_NS, `the ${what} must be at least 1 ms (${MIN_DURATION_NS} ns), or 0 for the default`);

/** The engine's Healthcheck: test ["CMD", …] | ["CMD-SHELL", command] | ["NONE"] | [] (the image's own test); durations in nanoseconds. */
export const HealthcheckSpec = z
  .object({
    test: z.array(z.string().max(4096)).max(256),
    intervalNs: duration("interval").optional(),
    timeoutNs: duration("timeout").optional(),
    retries: z.number().int().min(0, "retries must be 0 or more").max(10_000).optional(),
    startPeriodNs: duration("start period").optional(),
    startIntervalNs: duration("start interval").optional(),
  })
  .strict()
  .superRefine((h, ctx) => {
    const [kind, ...rest] = h.test;
    const testIssue = (message: string) => ctx.addIssue({ code: "custom", path: ["test"], message });
    if (kind === "CMD" && rest.length === 0) testIssue('test ["CMD", …] needs the command and its arguments');
    else if (kind === "CMD-SHELL" && (rest.length !== 1 || rest[0] === "")) testIssue('test ["CMD-SHELL", command] takes exactly one shell command');
    else if (kind === "NONE" && rest.length > 0) testIssue('test ["NONE"] takes nothing after NONE');
    else if (kind !== undefined && !["CMD", "CMD-SHELL", "NONE"].includes(kind)) testIssue('test starts with "CMD", "CMD-SHELL" or "NONE" (or is empty: the image\'s own test)');
    if (kind === "NONE" && [h.intervalNs, h.timeoutNs, h.retries, h.startPeriodNs, h.startIntervalNs].some((v) => v !== undefined)) {
      ctx.addIssue({ code: "custom", message: "a healthcheck with test NONE (disabled) takes no interval, timeout, retries or start period" });
    }
  });

export const LogConfigSpec = z
  .object({
    driver: z.string().min(1, "a log driver is required").max(128).regex(/^[a-zA-Z0-9][a-zA-Z0-9_./:-]*$/, "a log driver is a name like json-file or local"),
    options: z.record(z.string().min(1).max(128), z.string().max(4096)).optional(),
  })
  .strict();

/** setrlimit(2) resources, as the engine names them. */
export const ULIMIT_NAMES = ["as", "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack"] as const;
/** -1 = unlimited, as docker's own parser writes "unlimited". */
const limitValue = z.number().int().min(-1, "a limit is -1 (unlimited) or 0 and more").max(Number.MAX_SAFE_INTEGER);
export const UlimitSpec = z
  .object({ name: z.enum(ULIMIT_NAMES, { error: `a ulimit is one of ${ULIMIT_NAMES.join(", ")}` }), soft: limitValue, hard: limitValue })
  .strict()
  .superRefine((u, ctx) => {
    const unlimited = (v: number) => (v === -1 ? Infinity : v);
    if (unlimited(u.soft) > unlimited(u.hard)) ctx.addIssue({ code: "custom", message: `the soft limit of ${u.name} (${u.soft}) is above its hard limit (${u.hard})` });
  });

/** A network alias: a DNS label (or dotted labels) other containers on the network resolve. */
export const NetworkAlias = z
  .string()
  .max(253)
  .regex(/^[a-zA-Z0-9]([a-zA-Z0-9_.-]*[a-zA-Z0-9])?$/, "an alias is a host name: letters, digits, and - _ . inside");

/** Network modes that are not a user-defined network: aliases and fixed addresses mean nothing there (the engine refuses them). */
export const NOT_A_USER_NETWORK = /^(|default|bridge|host|none|container:.*)$/;
/** Network modes that own the whole network stack: such a container joins no other network. */
const SOLE_NETWORK_MODE = /^(host|none|container:.*)$/;

/** A network the container is connected to after create, before start (Engine API 1.41 takes one network at create). */
export const ExtraNetworkSpec = z
  .object({
    name: z.string().min(1, "a network name is required").max(256).regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, "a network is named by its name or id (letters, digits, _ . -)"),
    aliases: z.array(NetworkAlias).max(32).optional(),
    ipv4Address: z.ipv4().optional(),
  })
  .strict()
  .superRefine((n, ctx) => {
    if (["host", "none", "default"].includes(n.name)) ctx.addIssue({ code: "custom", path: ["name"], message: `"${n.name}" cannot be an extra network (only one network mode: set it as networkMode)` });
    else if (NOT_A_USER_NETWORK.test(n.name) && (n.aliases?.length || n.ipv4Address)) ctx.addIssue({ code: "custom", message: `aliases and a fixed address need a user-defined network, not ${n.name}` });
  });

interface ComposeFields {
  networkMode?: string;
  hostname?: string;
  dns?: string[];
  extraHosts?: string[];
  exposedPorts?: string[];
  tmpfs?: Record<string, string>;
  mounts?: Array<{ target: string }>;
  binds?: string[];
  ipv4Address?: string;
  extraNetworks?: Array<{ name: string }>;
  ulimits?: Array<{ name: string }>;
  limits?: { memoryBytes?: number; memoryReservationBytes?: number };
}

/** The engine's cross-field rules for these fields, said before the round trip. */
export function checkComposeFields(spec: ComposeFields, ctx: z.RefinementCtx): void {
  const mode = spec.networkMode ?? "";
  if (spec.ipv4Address !== undefined && NOT_A_USER_NETWORK.test(mode)) ctx.addIssue({ code: "custom", path: ["ipv4Address"], message: "a fixed IPv4 address needs a user-defined network (set the network first)" });
  if (spec.extraNetworks?.length && SOLE_NETWORK_MODE.test(mode)) ctx.addIssue({ code: "custom", path: ["extraNetworks"], message: `a container on network mode "${mode}" cannot join other networks` });
  const primary = mode === "" || mode === "default" ? "bridge" : mode; // on Linux the default network is the bridge
  const seen = new Set<string>();
  spec.extraNetworks?.forEach(({ name }, i) => {
    if (name === primary) ctx.addIssue({ code: "custom", path: ["extraNetworks", i, "name"], message: `network "${name}" is already the container's network (networkMode${mode === primary ? "" : `: ${mode || "the default"}`})` });
    else if (seen.has(name)) ctx.addIssue({ code: "custom", path: ["extraNetworks", i, "name"], message: `network "${name}" is listed twice` });
    seen.add(name);
  });
  const limits = new Set<string>();
  spec.ulimits?.forEach(({ name }, i) => {
    if (limits.has(name)) ctx.addIssue({ code: "custom", path: ["ulimits", i], message: `ulimit ${name} is given twice` });
    limits.add(name);
  });
  // The engine's "conflicting options": a container in another's network namespace has that container's names, DNS and ports.
  if (mode.startsWith("container:")) {
    for (const field of ["hostname", "dns", "extraHosts", "exposedPorts"] as const) {
      const value = spec[field];
      if (value !== undefined && value.length > 0) ctx.addIssue({ code: "custom", path: [field], message: `a container on network mode "${mode}" shares that container's host name, DNS and hosts: ${field} cannot be set` });
    }
  }
  // The engine's "duplicate mount point".
  const targets = new Set([...(spec.mounts ?? []).map((m) => m.target), ...(spec.binds ?? []).map((b) => b.split(":")[1] ?? "")]);
  for (const path of Object.keys(spec.tmpfs ?? {})) if (targets.has(path)) ctx.addIssue({ code: "custom", path: ["tmpfs", path], message: `${path} is already a mount target (mounts or binds)` });
  const { memoryBytes, memoryReservationBytes } = spec.limits ?? {};
  if (memoryBytes !== undefined && memoryReservationBytes !== undefined && memoryReservationBytes > memoryBytes) {
    ctx.addIssue({ code: "custom", path: ["limits", "memoryReservationBytes"], message: "memory reservation must be at most the memory limit" });
  }
}
