import { listOrDict, scalarText, stringOrList, unique } from "./lists";
import { Override, RESET } from "./reset-override";

/**
 * Compose's merge rules for override files and `extends` (compose-spec "merge.md"): mappings merge
 * key by key; command, entrypoint and healthcheck.test are replaced; environment, labels and the
 * other "list or dict" fields merge by key; ports, expose, dns... merge keeping each value once;
 * volumes merge by container path; networks and depends_on merge by name; scalars are replaced.
 */
type Plain = Record<string, unknown>;

const REPLACED = new Set(["command", "entrypoint", "healthcheck.test"]);
const BY_KEY = new Set(["environment", "labels", "annotations", "sysctls", "build.args", "build.labels", "logging.options", "extra_hosts", "ulimits", "deploy.labels"]);
const BY_NAME = new Set(["networks", "depends_on"]);
const ONE_OF_EACH = new Set(["ports", "expose", "dns", "dns_search", "dns_opt", "cap_add", "cap_drop", "security_opt", "devices", "tmpfs", "env_file", "profiles", "links", "external_links", "group_add", "build.cache_from"]);

export function mergeService(base: Plain, override: Plain): Plain {
  return mergeMap(base, override, "");
}

function mergeMap(base: Plain, override: Plain, prefix: string): Plain {
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (tagged(out, key, value)) continue;
    out[key] = key in base ? mergeValue(base[key], value, prefix ? `${prefix}.${key}` : key) : value;
  }
  return out;
}

/** `!reset` drops the key, `!override` replaces its value whole (reset-override.ts). */
function tagged(out: Plain, key: string, value: unknown): boolean {
  if (value === RESET) delete out[key];
  else if (value instanceof Override) out[key] = value.value;
  else return false;
  return true;
}

function mergeValue(base: unknown, override: unknown, field: string): unknown {
  if (override === undefined) return base;
  // "networks: [front]" in an override keeps the aliases the base gave "front".
  if (override === null && base !== undefined && /^(networks|depends_on)\./.test(field)) return base;
  if (REPLACED.has(field)) return override;
  if (BY_KEY.has(field)) return { ...byKey(base, field), ...byKey(override, field) };
  if (BY_NAME.has(field)) return mergeMap(byName(base), byName(override), field);
  if (ONE_OF_EACH.has(field)) return unique([...stringOrList(base), ...stringOrList(override)]);
  if (field === "volumes") return mergeVolumes(stringOrList(base), stringOrList(override));
  if (field === "build") return mergeMap(buildMap(base), buildMap(override), field);
  if (isPlain(base) && isPlain(override)) return mergeMap(base, override, field);
  return override;
}

/** extra_hosts separate host and address with ":" or "="; everything else with "=". */
function byKey(value: unknown, field: string): Plain {
  if (field === "extra_hosts" && Array.isArray(value)) return listOrDict(value, /[=:]/);
  return isPlain(value) ? value : listOrDict(value);
}

function byName(value: unknown): Plain {
  if (Array.isArray(value)) return Object.fromEntries(value.map((name) => [scalarText(name), null]));
  return isPlain(value) ? value : {};
}

function buildMap(value: unknown): Plain {
  return typeof value === "string" ? { context: value } : isPlain(value) ? value : {};
}

/** A later mount of the same container path replaces the earlier one. */
function mergeVolumes(base: unknown[], override: unknown[]): unknown[] {
  const targets = new Set(override.map(volumeTarget));
  return [...base.filter((item) => !targets.has(volumeTarget(item))), ...override];
}

function volumeTarget(item: unknown): string {
  if (isPlain(item)) return scalarText(item.target ?? "");
  const parts = scalarText(item).split(":");
  return parts.length === 1 ? parts[0]! : parts[1]!;
}

export function isPlain(value: unknown): value is Plain {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whole files: services merge by the rules above, top-level networks/volumes and the rest key by key. */
export function mergeFiles(base: Plain, override: Plain): Plain {
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (tagged(out, key, value)) continue;
    const before = base[key];
    if (key === "services" && isPlain(before) && isPlain(value)) {
      const services: Plain = { ...before };
      for (const [name, service] of Object.entries(value)) {
        if (tagged(services, name, service)) continue;
        const prior = services[name];
        services[name] = isPlain(prior) && isPlain(service) ? mergeService(prior, service) : service;
      }
      out.services = services;
    } else if (isPlain(before) && isPlain(value)) out[key] = deepMerge(before, value);
    else out[key] = value;
  }
  return out;
}

function deepMerge(base: Plain, override: Plain): Plain {
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (tagged(out, key, value)) continue;
    const before = base[key];
    out[key] = isPlain(before) && isPlain(value) ? deepMerge(before, value) : value;
  }
  return out;
}
