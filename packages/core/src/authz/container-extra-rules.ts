import type { ContainerCreateSpec } from "@dockmaster/protocol";

/**
 * Allowlists for the create-spec fields compose services brought (issue 14) whose values, not
 * their presence, decide: sysctls, the log driver, tmpfs options and ulimits. sensitive.ts puts
 * them in its table; each check names the field and the value, as the UI shows them.
 */

/**
 * Kubernetes' "safe" sysctls: namespaced per container (the container's own network or IPC
 * namespace) and unable to affect other containers or the host. Everything else — net.core.*,
 * kernel.msg*, vm.*, any other key, or the same key spelt with "/" — needs container.create.privileged.
 */
export const SAFE_SYSCTLS = new Set([
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
]);

/** Log drivers that keep a container's output on the host, in the engine's own files (or nowhere). */
export const SAFE_LOG_DRIVERS = new Set(["json-file", "local", "none"]);
/** The options json-file and local take (the engine refuses others for them): sizes, rotation, and what to tag entries with. */
const LOG_OPTIONS = ["max-size", "max-file", "compress", "labels", "labels-regex", "env", "env-regex", "tag"];

/** tmpfs(5) options that size, own and restrict the memory file system, and the flags that undo the restrictions. */
const TMPFS_OPTIONS: Array<[name: string, value: RegExp | null]> = [
  ["size", /^\d+[kmg%]?$/i],
  ["mode", /^[0-7]{3,4}$/],
  ["uid", /^\d+$/],
  ["gid", /^\d+$/],
  ...["noexec", "nosuid", "nodev", "exec", "suid", "dev", "ro", "rw"].map((flag): [string, null] => [flag, null]),
];
const isTmpfsOption = (option: string) => {
  const [name, ...rest] = option.split("=");
  const value = rest.length ? rest.join("=") : null;
  return TMPFS_OPTIONS.some(([n, pattern]) => n === name && (pattern === null ? value === null : value !== null && pattern.test(value)));
};

/** The kernel's default fs.nr_open: a higher (or unlimited) nofile fails setrlimit at start, or lets one container pin the host's file table. */
export const MAX_NOFILE = 1_048_576;
const tooMany = (v: number) => v === -1 || v > MAX_NOFILE;

type Field<K extends keyof ContainerCreateSpec> = { allowed: string; check(value: NonNullable<ContainerCreateSpec[K]>): string[] };

export const sysctlsRule: Field<"sysctls"> = {
  allowed: `only Kubernetes' safe sysctls (namespaced per container): ${[...SAFE_SYSCTLS].join(", ")}`,
  check: (sysctls) => Object.entries(sysctls).filter(([key]) => !SAFE_SYSCTLS.has(key)).map(([key, value]) => `sysctl ${key}=${value} (sysctls: only Kubernetes' safe sysctls are allowed)`),
};

export const logConfigRule: Field<"logConfig"> = {
  allowed: `driver ${[...SAFE_LOG_DRIVERS].join(", ")} (the output stays in the engine's files) with options ${LOG_OPTIONS.join(", ")}; syslog, journald, gelf, fluentd, awslogs, splunk, a plugin… send it off the host or to a host socket`,
  check({ driver, options }) {
    if (!SAFE_LOG_DRIVERS.has(driver)) return [`log driver "${driver}" (logConfig: only json-file, local and none keep the output on the host; others send it off the host or to a host socket)`];
    return Object.entries(options ?? {})
      .filter(([key]) => !LOG_OPTIONS.includes(key))
      .map(([key, value]) => `log option ${key}=${value} (logConfig; allowed: ${LOG_OPTIONS.join(", ")})`);
  },
};

export const tmpfsRule: Field<"tmpfs"> = {
  allowed: `any path (a tmpfs is memory: no host path) with options ${TMPFS_OPTIONS.map(([name]) => name).join(", ")}`,
  check: (tmpfs) =>
    Object.entries(tmpfs).flatMap(([path, options]) =>
      options
        .split(",")
        .filter((o) => o !== "" && !isTmpfsOption(o))
        .map((o) => `tmpfs option ${o} on ${path} (tmpfs; allowed: ${TMPFS_OPTIONS.map(([name]) => name).join(", ")})`),
    ),
};

export const ulimitsRule: Field<"ulimits"> = {
  allowed: `any limit but rtprio above 0 (real-time scheduling starves the host's CPUs) and nofile above ${MAX_NOFILE} or unlimited (the kernel's default nr_open)`,
  check: (ulimits) =>
    ulimits.flatMap(({ name, soft, hard }) => {
      const label = `ulimit ${name}=${soft}:${hard}`;
      if (name === "rtprio" && (soft !== 0 || hard !== 0)) return [`${label} (ulimits: real-time priority lets the container's processes starve the host's CPUs)`];
      if (name === "nofile" && (tooMany(soft) || tooMany(hard))) return [`${label} (ulimits: more than ${MAX_NOFILE} open files, the kernel's default nr_open, fails to start or lets one container hold the host's file table)`];
      return [];
    }),
};
