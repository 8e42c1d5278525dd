import type { ServiceContext } from "./context";
import { ULIMIT_NAMES, type ContainerCreateSpec } from "@dockmaster/protocol";
import { listOrDict, scalarText, stringOrList } from "./lists";
import { isPlain } from "./merge";

type Device = NonNullable<ContainerCreateSpec["devices"]>[number];

/** `devices:` "/dev/x[:/dev/y[:rwm]]" or {source, target, permissions}. CDI names (vendor.com/gpu=all) are refused. */
export function parseDevices(value: unknown, ctx: ServiceContext): Device[] {
  return stringOrList(value).flatMap((item, i): Device[] => {
    const [source, first, second]: (string | undefined)[] = isPlain(item)
      ? [item.source, item.target, item.permissions].map((v) => (v === undefined ? undefined : scalarText(v)))
      : scalarText(item).split(":");
    if (!source?.startsWith("/")) {
      ctx.error(["devices", i], `device "${isPlain(item) ? source : scalarText(item)}" is not supported: give a host device path like /dev/ttyUSB0 (CDI devices are not supported)`);
      return [];
    }
    // "/dev/x:rwm": the second part is the permissions when it is not a path.
    const [target, permissions] = first !== undefined && !first.startsWith("/") && /^[rwm]+$/.test(first) && second === undefined ? [undefined, first] : [first, second];
    return [{ pathOnHost: source, pathInContainer: target || source, cgroupPermissions: permissions || "rwm" }];
  });
}

const isUlimitName = (name: string): name is (typeof ULIMIT_NAMES)[number] => (ULIMIT_NAMES as readonly string[]).includes(name);

/** `ulimits:` name: N (soft = hard) or name: {soft, hard}. */
export function parseUlimits(value: unknown, ctx: ServiceContext): ContainerCreateSpec["ulimits"] {
  if (!isPlain(value)) return undefined;
  return Object.entries(value).flatMap(([name, limit]) => {
    const [soft, hard] = isPlain(limit) ? [Number(limit.soft), Number(limit.hard)] : [Number(limit), Number(limit)];
    if (!Number.isInteger(soft) || !Number.isInteger(hard)) {
      ctx.error(["ulimits", name], `ulimit ${name} must be a number or {soft, hard}`);
      return [];
    }
    if (!isUlimitName(name)) {
      ctx.error(["ulimits", name], `unknown ulimit "${name}": one of ${ULIMIT_NAMES.join(", ")}`);
      return [];
    }
    return [{ name, soft, hard }];
  });
}

/** `extra_hosts:` list ("host:ip" or "host=ip") or map (host: ip, or a list of addresses) as "host:ip". */
export function parseExtraHosts(value: unknown): string[] {
  if (isPlain(value)) return Object.entries(value).flatMap(([host, ips]) => stringOrList(ips).map((ip) => `${host}:${scalarText(ip)}`));
  return stringOrList(value).map((item) => {
    const text = scalarText(item);
    const equals = text.indexOf("=");
    return equals > 0 ? `${text.slice(0, equals)}:${text.slice(equals + 1)}` : text;
  });
}

/** `tmpfs:` "/run" or "/run:size=64m,mode=1777" (string or list) as path → options. */
export function parseTmpfs(value: unknown, ctx: ServiceContext): Record<string, string> {
  const out: Record<string, string> = {};
  stringOrList(value).forEach((item, i) => {
    const text = scalarText(item);
    const colon = text.indexOf(":");
    const path = colon < 0 ? text : text.slice(0, colon);
    if (!path.startsWith("/")) return ctx.error(["tmpfs", i], `tmpfs "${text}": the container path must be absolute`);
    out[path] = colon < 0 ? "" : text.slice(colon + 1);
  });
  return out;
}

/** A "list or dict" of strings (labels, sysctls, logging options) with absent values as empty strings. */
export function stringMap(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(listOrDict(value)).map(([k, v]) => [k, v ?? ""]));
}

/**
 * `logging:` {driver, options}. Options without a driver are for the engine's default driver, which
 * the create spec must name: json-file (the engine's own default) is assumed, and said.
 */
export function parseLogging(value: unknown, ctx: ServiceContext): ContainerCreateSpec["logConfig"] {
  if (!isPlain(value)) return undefined;
  const options = stringMap(value.options);
  if (value.driver === undefined) {
    if (!Object.keys(options).length) return undefined;
    ctx.warn(["logging"], "logging.options without a driver: the json-file driver (the engine's default) is assumed", true);
  }
  return { driver: value.driver === undefined ? "json-file" : scalarText(value.driver), ...(Object.keys(options).length ? { options } : {}) };
}
