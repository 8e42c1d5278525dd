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

/**
 * Messages come from the "isolation" catalogue (apps/web/messages/<locale>.json): the caller passes
 * its translator (useTranslations("isolation") in the page, createTranslator in tests).
 */
export type Translate = (key: string, values?: Record<string, string | number>) => string;

export const namespaceTitle = (t: Translate, kind: NamespaceKind) => t(`title.${kind}`);

function describe(t: Translate, kind: NamespaceKind, raw: unknown): NamespaceView {
  const mode = typeof raw === "string" ? raw : "";
  const view = (sharing: NamespaceView["sharing"], key: string, values?: Record<string, string>) => ({ kind, mode, sharing, explanation: t(key, values) });
  if (mode === "host") return view("host", `host.${kind}`);
  if (mode.startsWith("container:")) return view("shared", "shared", { namespace: t(`title.${kind}`), container: mode.slice("container:".length) });
  if (kind === "net" && mode === "none") return view("none", "netNone");
  if (kind === "ipc" && mode === "none") return view("private", "ipcNone");
  if (kind === "ipc" && mode === "shareable") return view("private", "ipcShareable");
  if (kind === "net" && mode !== "" && mode !== "default" && mode !== "bridge") return view("private", "netAttached", { network: mode });
  if (kind === "net") return view("private", "netDefaultBridge");
  return view("private", `private.${kind}`);
}

export function namespacesOf(t: Translate, inspect: ContainerInspect): NamespaceView[] {
  const h = obj(inspect.HostConfig);
  return [describe(t, "pid", h.PidMode), describe(t, "net", h.NetworkMode), describe(t, "ipc", h.IpcMode), describe(t, "uts", h.UTSMode), describe(t, "user", h.UsernsMode), describe(t, "cgroup", h.CgroupnsMode)];
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

export function limitsOf(t: Translate, inspect: ContainerInspect): LimitView[] {
  const h = obj(inspect.HostConfig);
  const memory = n(h.Memory);
  const swap = n(h.MemorySwap);
  // --cpus sets NanoCpus; older clients set the same limit as quota / period.
  const cpus = n(h.NanoCpus) > 0 ? n(h.NanoCpus) / 1e9 : n(h.CpuQuota) > 0 && n(h.CpuPeriod) > 0 ? n(h.CpuQuota) / n(h.CpuPeriod) : 0;
  const shares = n(h.CpuShares);
  const pids = n(h.PidsLimit);
  const unlimited = { value: t("limit.unlimited"), limited: false };
  return [
    { key: "memory", label: t("limit.memory"), ...(memory > 0 ? { value: bytes(memory), limited: true, max: memory } : unlimited) },
    {
      key: "memorySwap",
      label: t("limit.memorySwap"),
      ...(swap > 0 ? { value: bytes(swap), limited: true, max: swap } : swap === -1 || memory === 0 ? unlimited : { value: t("limit.swapTwice", { size: bytes(memory * 2) }), limited: true }),
    },
    { key: "cpus", label: t("limit.cpus"), ...(cpus > 0 ? { value: t("limit.cpuCount", { count: Number(cpus.toFixed(3)) }), limited: true, max: cpus } : unlimited) },
    { key: "cpuShares", label: t("limit.cpuShares"), ...(shares > 0 ? { value: t("limit.sharesSet", { shares }), limited: true } : { value: t("limit.sharesDefault"), limited: false }) },
    { key: "pids", label: t("limit.pids"), ...(pids > 0 ? { value: String(pids), limited: true, max: pids } : unlimited) },
  ];
}
