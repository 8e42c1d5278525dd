import type { ContainerInspect } from "@dockmaster/protocol";
import { obj } from "./inspect";

/**
 * What a container sees (its namespaces) and how much it may use (its cgroup limits), read from
 * its inspect document and explained in one line each.
 */
export type NamespaceKind = "pid" | "net" | "ipc" | "uts" | "user" | "cgroup";

export interface NamespaceView {
  kind: NamespaceKind;
  /** The engine's value, or "" for its default. */
  mode: string;
  /** private | host | shared (another container's) | none | default */
  sharing: "private" | "host" | "shared" | "none";
  explanation: string;
}

const TITLE: Record<NamespaceKind, string> = { pid: "PID", net: "Network", ipc: "IPC", uts: "UTS", user: "User", cgroup: "Cgroup" };
export const namespaceTitle = (kind: NamespaceKind) => TITLE[kind];

const PRIVATE: Record<NamespaceKind, string> = {
  pid: "private: its own process tree (its command is PID 1; host processes are invisible)",
  net: "private: its own interfaces, IP addresses, routes and ports",
  ipc: "private: its own System V IPC and POSIX shared memory (/dev/shm)",
  uts: "private: its own hostname and domain name",
  user: "the host's user ids: root inside is root on the host, held back by capabilities, seccomp and AppArmor (unless the daemon remaps users)",
  cgroup: "private: sees only its own cgroup as the root of /sys/fs/cgroup",
};
const HOST: Record<NamespaceKind, string> = {
  pid: "host: sees (and may signal) every process on the host",
  net: "host: uses the host's network stack — every host interface and port, no isolation",
  ipc: "host: shares the host's shared memory and IPC objects",
  uts: "host: uses the host's hostname (changing it changes the host's)",
  user: "host: the host's user namespace, even when the daemon remaps users",
  cgroup: "host: sees the host's whole cgroup hierarchy under /sys/fs/cgroup (the default on cgroup v1 hosts)",
};

function describe(kind: NamespaceKind, raw: unknown): NamespaceView {
  const mode = typeof raw === "string" ? raw : "";
  if (mode === "host") return { kind, mode, sharing: "host", explanation: HOST[kind] };
  if (mode.startsWith("container:")) return { kind, mode, sharing: "shared", explanation: `shared: joins the ${TITLE[kind]} namespace of container ${mode.slice("container:".length)}` };
  if (kind === "net" && mode === "none") return { kind, mode, sharing: "none", explanation: "none: its own network stack with only a loopback interface" };
  if (kind === "ipc" && mode === "none") return { kind, mode, sharing: "private", explanation: "private, with no /dev/shm mounted" };
  if (kind === "ipc" && mode === "shareable") return { kind, mode, sharing: "private", explanation: "private, and other containers may join it (shareable)" };
  if (kind === "net" && mode !== "" && mode !== "default" && mode !== "bridge") return { kind, mode, sharing: "private", explanation: `private: its own stack, attached to network ${mode}` };
  if (kind === "net") return { kind, mode, sharing: "private", explanation: `${PRIVATE.net}, attached to the default bridge` };
  return { kind, mode, sharing: "private", explanation: PRIVATE[kind] };
}

export function namespacesOf(inspect: ContainerInspect): NamespaceView[] {
  const h = obj(inspect.HostConfig);
  return [describe("pid", h.PidMode), describe("net", h.NetworkMode), describe("ipc", h.IpcMode), describe("uts", h.UTSMode), describe("user", h.UsernsMode), describe("cgroup", h.CgroupnsMode)];
}

/** The usage a live stats stream can put beside each limit. */
export interface ContainerUsage {
  memoryBytes?: number;
  cpuPercent?: number;
  pids?: number;
}

export type LimitKey = "memory" | "memorySwap" | "cpus" | "cpuShares" | "pids";
export interface LimitView {
  key: LimitKey;
  label: string;
  /** e.g. "64 MB", "1.5 CPUs", "unlimited". */
  value: string;
  limited: boolean;
  /** The number a usage figure is compared with (bytes, CPUs, pids), when there is a limit. */
  max?: number;
}

const n = (v: unknown) => (typeof v === "number" ? v : 0);

/** Limits are set in binary units ("64m" = 64 MiB), so they are shown that way. */
export function binaryBytes(value: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  let v = value;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${Number(v.toFixed(2))} ${units[i]}`;
}
const bytes = binaryBytes;

export function limitsOf(inspect: ContainerInspect): LimitView[] {
  const h = obj(inspect.HostConfig);
  const memory = n(h.Memory);
  const swap = n(h.MemorySwap);
  // --cpus sets NanoCpus; older clients set the same limit as quota / period.
  const cpus = n(h.NanoCpus) > 0 ? n(h.NanoCpus) / 1e9 : n(h.CpuQuota) > 0 && n(h.CpuPeriod) > 0 ? n(h.CpuQuota) / n(h.CpuPeriod) : 0;
  const shares = n(h.CpuShares);
  const pids = n(h.PidsLimit);
  return [
    { key: "memory", label: "Memory", ...(memory > 0 ? { value: bytes(memory), limited: true, max: memory } : { value: "unlimited", limited: false }) },
    {
      key: "memorySwap",
      label: "Memory + swap",
      ...(swap > 0 ? { value: bytes(swap), limited: true, max: swap } : { value: swap === -1 || memory === 0 ? "unlimited" : `twice the memory limit (${bytes(memory * 2)})`, limited: swap !== -1 && memory > 0 }),
    },
    { key: "cpus", label: "CPUs", ...(cpus > 0 ? { value: `${Number(cpus.toFixed(3))} CPU${cpus === 1 ? "" : "s"}`, limited: true, max: cpus } : { value: "unlimited", limited: false }) },
    { key: "cpuShares", label: "CPU shares", ...(shares > 0 ? { value: `${shares} (relative weight; default 1024)`, limited: true } : { value: "1024 (default weight, only counts when CPUs are contended)", limited: false }) },
    { key: "pids", label: "PIDs", ...(pids > 0 ? { value: String(pids), limited: true, max: pids } : { value: "unlimited", limited: false }) },
  ];
}
