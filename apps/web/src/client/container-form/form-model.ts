import { ContainerCreateSpec, type ContainerCreateSpecInput } from "@dockmaster/protocol";
import { envFromRows, isUsedRow, labelsFromRows, rowsFromEnv, type KeyValueRow } from "./env";
import { joinWords, splitWords } from "./shell-words";
import { formatCpus, formatMemory, parseCpus, parseInteger, parseMemory } from "./units";

type Spec = ContainerCreateSpecInput;

export interface PortRow {
  hostIp: string;
  hostPort: string;
  containerPort: string;
  protocol: "tcp" | "udp";
}
export interface VolumeRow {
  type: "volume" | "bind" | "tmpfs";
  source: string;
  target: string;
  readOnly: boolean;
}

/** The create form as the user edits it: text, rows and checkboxes; turned into a spec on submit. */
export interface ContainerFormValues {
  image: string;
  name: string;
  command: string;
  entrypoint: string;
  env: KeyValueRow[];
  labels: KeyValueRow[];
  ports: PortRow[];
  volumes: VolumeRow[];
  network: string;
  aliases: string;
  restartPolicy: "" | NonNullable<Spec["restartPolicy"]>;
  restartMaxRetries: string;
  /** `--rm`: the engine removes the container once it exits. */
  autoRemove: boolean;
  /** Seconds between SIGTERM and SIGKILL on stop; empty = the engine's default (10). */
  stopTimeout: string;
  workingDir: string;
  user: string;
  tty: boolean;
  memory: string;
  memorySwap: string;
  cpus: string;
  cpuShares: string;
  pidsLimit: string;
  /** Run = create + start (the default); create only leaves it created. */
  createOnly: boolean;
  /**
   * Settings of a duplicated container the form has no inputs for (privileged, capabilities,
   * devices, security options, pid/ipc/uts/user namespace modes): kept as they were, shown read-only.
   */
  kept: Partial<Spec>;
}

export type FormField = Exclude<keyof ContainerFormValues, "createOnly">;

/** How each field is named in messages: the label the user sees. */
export const FIELD_LABELS: Record<FormField, string> = {
  image: "Image",
  name: "Name",
  command: "Command",
  entrypoint: "Entrypoint",
  env: "Environment",
  labels: "Labels",
  ports: "Published ports",
  volumes: "Volumes and bind mounts",
  network: "Network",
  aliases: "Network aliases",
  restartPolicy: "Restart policy",
  restartMaxRetries: "Maximum retries",
  autoRemove: "Remove when it exits",
  stopTimeout: "Stop timeout",
  workingDir: "Working directory",
  user: "User",
  tty: "TTY",
  memory: "Memory limit",
  memorySwap: "Memory + swap",
  cpus: "CPUs",
  cpuShares: "CPU shares",
  pidsLimit: "PIDs limit",
  kept: "Kept settings",
};

export const newPortRow = (): PortRow => ({ hostIp: "127.0.0.1", hostPort: "", containerPort: "", protocol: "tcp" });
export const newVolumeRow = (): VolumeRow => ({ type: "volume", source: "", target: "", readOnly: false });

export function emptyForm(): ContainerFormValues {
  return {
    image: "",
    name: "",
    command: "",
    entrypoint: "",
    env: [],
    labels: [],
    ports: [],
    volumes: [],
    network: "",
    aliases: "",
    restartPolicy: "",
    restartMaxRetries: "",
    autoRemove: false,
    stopTimeout: "",
    workingDir: "",
    user: "",
    tty: false,
    memory: "",
    memorySwap: "",
    cpus: "",
    cpuShares: "",
    pidsLimit: "",
    createOnly: false,
    kept: {},
  };
}

/** `source:/target[:ro]` binds become rows like any mount: a leading "/" is a host path. */
function volumeRowsFromBinds(binds: readonly string[]): VolumeRow[] {
  return binds.map((bind) => {
    const [source = "", target = "", options = ""] = bind.split(":");
    return { type: source.startsWith("/") ? "bind" : "volume", source, target, readOnly: options.split(",").includes("ro") };
  });
}

/** A spec (e.g. from specFromInspect) → form values, for "run again with changes". */
export function formFromSpec(spec: Spec): ContainerFormValues {
  const { image, name, cmd, entrypoint, env, labels, workingDir, user, tty, portBindings, binds, mounts, networkMode, networkAliases, restartPolicy, restartMaxRetries, autoRemove, stopTimeout, limits, ...kept } = spec;
  return {
    ...emptyForm(),
    image,
    name: name ?? "",
    command: joinWords(cmd),
    entrypoint: joinWords(entrypoint),
    env: rowsFromEnv(env),
    labels: Object.entries(labels ?? {}).map(([key, value]) => ({ key, value })),
    ports: (portBindings ?? []).map((p) => ({ hostIp: p.hostIp ?? "", hostPort: p.hostPort ?? "", containerPort: String(p.containerPort), protocol: p.protocol === "udp" ? "udp" : "tcp" })),
    volumes: [...volumeRowsFromBinds(binds ?? []), ...(mounts ?? []).map((m) => ({ type: m.type, source: m.source ?? "", target: m.target, readOnly: m.readOnly ?? false }))],
    network: networkMode ?? "",
    aliases: (networkAliases ?? []).join(", "),
    restartPolicy: restartPolicy ?? "",
    restartMaxRetries: restartMaxRetries === undefined ? "" : String(restartMaxRetries),
    autoRemove: autoRemove ?? false,
    stopTimeout: stopTimeout === undefined ? "" : String(stopTimeout),
    workingDir: workingDir ?? "",
    user: user ?? "",
    tty: tty ?? false,
    memory: limits?.memoryBytes ? formatMemory(limits.memoryBytes) : "",
    memorySwap: limits?.memorySwapBytes ? formatMemory(limits.memorySwapBytes) : "",
    cpus: limits?.nanoCpus ? formatCpus(limits.nanoCpus) : "",
    cpuShares: limits?.cpuShares ? String(limits.cpuShares) : "",
    pidsLimit: limits?.pidsLimit ? String(limits.pidsLimit) : "",
    kept,
  };
}

/** Where a spec path (from a zod issue) is edited in the form: the field, and the row if any. */
const FIELD_OF_SPEC: Record<string, FormField> = {
  image: "image",
  name: "name",
  cmd: "command",
  entrypoint: "entrypoint",
  env: "env",
  labels: "labels",
  workingDir: "workingDir",
  user: "user",
  tty: "tty",
  portBindings: "ports",
  mounts: "volumes",
  binds: "volumes",
  networkMode: "network",
  networkAliases: "aliases",
  restartPolicy: "restartPolicy",
  restartMaxRetries: "restartMaxRetries",
  autoRemove: "autoRemove",
  stopTimeout: "stopTimeout",
};
const FIELD_OF_LIMIT: Record<string, FormField> = { memoryBytes: "memory", memorySwapBytes: "memorySwap", nanoCpus: "cpus", cpuShares: "cpuShares", pidsLimit: "pidsLimit" };

/** Errors keyed by field ("ports") or by row ("ports.1"); each message names the field. */
export type FormErrors = Partial<Record<string, string>>;

/** Which form row each spec list entry came from (spare empty rows are skipped on the way). */
type RowMaps = Partial<Record<FormField, number[]>>;

function fieldOfPath(path: readonly PropertyKey[], rows: RowMaps): { field: FormField; row?: number } {
  const [head, second] = path;
  if (head === "limits") return { field: FIELD_OF_LIMIT[String(second)] ?? "memory" };
  const field = FIELD_OF_SPEC[String(head)] ?? "kept";
  const row = typeof second === "number" ? rows[field]?.[second] : undefined;
  return row === undefined ? { field } : { field, row };
}

export function errorKey(field: FormField, row?: number) {
  return row === undefined ? field : `${field}.${row}`;
}

function describe(field: FormField, message: string, row?: number) {
  return `${FIELD_LABELS[field]}${row === undefined ? "" : ` (row ${row + 1})`}: ${message}`;
}

/** Turns form text into spec values, collecting the parse errors by field instead of stopping at the first. */
function collector() {
  const errors: FormErrors = {};
  return {
    errors,
    read: <T>(field: FormField, parse: () => T, row?: number): T | undefined => {
      try {
        return parse();
      } catch (error) {
        errors[errorKey(field, row)] = describe(field, error instanceof Error ? error.message : String(error), row);
        return undefined;
      }
    },
  };
}

/** Indexes of the rows in use; the others are spare lines of the form (a new port row's default IP alone does not count). */
const usedRows = <T>(rows: readonly T[], isUsed: (row: T) => boolean) => rows.flatMap((r, i) => (isUsed(r) ? [i] : []));
const isUsedPort = (p: PortRow) => p.containerPort.trim() !== "" || p.hostPort.trim() !== "";
const isUsedVolume = (v: VolumeRow) => v.source.trim() !== "" || v.target.trim() !== "";

/**
 * The form → a create spec, validated by the same zod schema the server uses. Returns the spec,
 * or errors keyed by field (and row) whose messages name the field, ready to show beside it.
 */
export function specFromForm(form: ContainerFormValues): { ok: true; spec: Spec; start: boolean } | { ok: false; errors: FormErrors } {
  const { errors, read } = collector();
  const rows: RowMaps = { ports: usedRows(form.ports, isUsedPort), volumes: usedRows(form.volumes, isUsedVolume), env: usedRows(form.env, isUsedRow) };
  const ports = (rows.ports ?? []).map((i) => {
    const p = form.ports[i]!;
    const containerPort = read("ports", () => {
      if (!/^\d+$/.test(p.containerPort.trim())) throw new Error("the container port is a number from 1 to 65535");
      return Number(p.containerPort);
    }, i);
    return { containerPort: containerPort ?? 0, protocol: p.protocol, hostIp: p.hostIp.trim(), hostPort: p.hostPort.trim() };
  });
  const volumes = (rows.volumes ?? []).map((i) => form.volumes[i]!).map((v) => ({ type: v.type, source: v.source.trim() || undefined, target: v.target.trim(), readOnly: v.readOnly || undefined }));
  const limits = {
    memoryBytes: read("memory", () => parseMemory(form.memory)),
    memorySwapBytes: read("memorySwap", () => parseMemory(form.memorySwap, { allowUnlimited: true })),
    nanoCpus: read("cpus", () => parseCpus(form.cpus)),
    cpuShares: read("cpuShares", () => parseInteger(form.cpuShares)),
    pidsLimit: read("pidsLimit", () => parseInteger(form.pidsLimit, { allowUnlimited: true })),
  };
  const definedLimits = Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined));
  const aliases = form.aliases.split(/[\s,]+/).filter(Boolean);
  const spec: Spec = {
    ...form.kept,
    image: form.image.trim(),
    name: form.name.trim() || undefined,
    cmd: read("command", () => splitWords(form.command)),
    entrypoint: read("entrypoint", () => splitWords(form.entrypoint)),
    env: envFromRows(form.env),
    labels: labelsFromRows(form.labels),
    workingDir: form.workingDir.trim() || undefined,
    user: form.user.trim() || undefined,
    tty: form.tty || undefined,
    portBindings: ports.length ? ports : undefined,
    mounts: volumes.length ? volumes : undefined,
    networkMode: form.network.trim() || undefined,
    networkAliases: aliases.length ? aliases : undefined,
    restartPolicy: form.restartPolicy || undefined,
    restartMaxRetries: read("restartMaxRetries", () => parseInteger(form.restartMaxRetries)),
    autoRemove: form.autoRemove || undefined,
    stopTimeout: read("stopTimeout", () => parseInteger(form.stopTimeout)),
    limits: Object.keys(definedLimits).length ? definedLimits : undefined,
  };
  const checked = ContainerCreateSpec.safeParse(spec);
  for (const issue of checked.error?.issues ?? []) {
    const { field, row } = fieldOfPath(issue.path, rows);
    const key = errorKey(field, row);
    errors[key] ??= describe(field, issue.message, row);
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, spec: Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)) as Spec, start: !form.createOnly };
}
