import type { Path } from "./diagnostics";

/**
 * After interpolation every substituted value is a string; compose turns those at typed places back
 * into numbers and booleans (compose-go's interpolateTypeCastMapping) so `replicas: ${N}` validates.
 * Only values that held a variable are cast: a literal "3" stays a string, as compose reads it.
 */
type Cast = "int" | "float" | "bool";

const RULES: [string, Cast][] = [
  ["services.*.deploy.replicas", "int"],
  ["services.*.scale", "int"],
  ["services.*.cpu_shares", "int"],
  ["services.*.cpus", "float"],
  ["services.*.pids_limit", "int"],
  ["services.*.healthcheck.retries", "int"],
  ["services.*.healthcheck.disable", "bool"],
  ["services.*.init", "bool"],
  ["services.*.privileged", "bool"],
  ["services.*.read_only", "bool"],
  ["services.*.stdin_open", "bool"],
  ["services.*.tty", "bool"],
  ["services.*.oom_kill_disable", "bool"],
  ["services.*.ports.*.target", "int"],
  ["services.*.ulimits.*", "int"],
  ["services.*.ulimits.*.hard", "int"],
  ["services.*.ulimits.*.soft", "int"],
  ["services.*.volumes.*.read_only", "bool"],
  ["services.*.volumes.*.bind.create_host_path", "bool"],
  ["services.*.volumes.*.volume.nocopy", "bool"],
  ["services.*.depends_on.*.required", "bool"],
  ["services.*.depends_on.*.restart", "bool"],
  ["services.*.deploy.resources.limits.pids", "int"],
  ["services.*.networks.*.priority", "int"],
  ["services.*.env_file.*.required", "bool"],
  ["networks.*.external", "bool"],
  ["networks.*.internal", "bool"],
  ["networks.*.attachable", "bool"],
  ["networks.*.enable_ipv6", "bool"],
  ["volumes.*.external", "bool"],
];

const TRUE = new Set(["true", "yes", "y", "on"]);
const FALSE = new Set(["false", "no", "n", "off"]);

export function castInterpolated(path: Path, value: string): unknown {
  const rule = RULES.find(([pattern]) => matches(pattern.split("."), path))?.[1];
  if (!rule) return value;
  const text = value.trim();
  if (rule === "bool") return TRUE.has(text.toLowerCase()) ? true : FALSE.has(text.toLowerCase()) ? false : value;
  const number = rule === "int" ? (/^-?\d+$/.test(text) ? Number(text) : NaN) : /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  return Number.isNaN(number) ? value : number;
}

function matches(pattern: string[], path: Path): boolean {
  return pattern.length === path.length && pattern.every((part, i) => part === "*" || part === String(path[i]));
}
