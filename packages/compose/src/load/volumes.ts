import type { ContainerCreateSpec } from "@dockmaster/protocol";
import { isAbsolute, join, normalize } from "pathe";
import type { ServiceContext } from "./context";
import type { Path } from "./diagnostics";
import { isPlain } from "./merge";
import { parseBytes } from "./units";
import { scalarText } from "./lists";

export type Mount = NonNullable<ContainerCreateSpec["mounts"]>[number];

export interface ServiceVolumes {
  /** Short-syntax binds ("host:/target[:ro]"): the engine creates a missing host directory, as compose's short syntax does. */
  binds: string[];
  mounts: Mount[];
  /** tmpfs mounts from the long syntax: container path → mount options. */
  tmpfs: Record<string, string>;
  /** Keys of top-level volumes the service mounts. */
  used: string[];
}

/** Short-syntax options compose accepts; the consistency hints (cached, delegated...) mean nothing on Linux. */
const BIND_OPTIONS = new Set(["ro", "rw", "z", "Z", "shared", "rshared", "slave", "rslave", "private", "rprivate"]);
const IGNORED_OPTIONS = new Set(["consistent", "cached", "delegated"]);

/**
 * `volumes:` of a service. Short: "name:/path[:ro]", "./rel:/path", "/abs:/path", "/path"
 * (anonymous). Long: type volume / bind / tmpfs with read_only, bind.create_host_path,
 * bind.propagation, tmpfs.size and tmpfs.mode. Relative bind sources resolve against the project's
 * working directory; a named volume must be declared at the top level.
 */
export function parseServiceVolumes(value: unknown, volumeNames: Record<string, string>, ctx: ServiceContext): ServiceVolumes {
  const out: ServiceVolumes = { binds: [], mounts: [], tmpfs: {}, used: [] };
  if (!Array.isArray(value)) return out;
  value.forEach((item, i) => (isPlain(item) ? longVolume(item, volumeNames, ctx, ["volumes", i], out) : shortVolume(scalarText(item), volumeNames, ctx, ["volumes", i], out)));
  return out;
}

function shortVolume(text: string, volumeNames: Record<string, string>, ctx: ServiceContext, path: Path, out: ServiceVolumes): void {
  const parts = text.split(":");
  if (parts.length === 1) {
    if (!absoluteTarget(parts[0]!, ctx, path)) return;
    out.mounts.push({ type: "volume", target: parts[0]! });
    return;
  }
  if (parts.length > 3) return ctx.error(path, `volume "${text}" is not of the form SOURCE:TARGET[:MODE]`);
  const [source, target, mode = ""] = parts as [string, string, string?];
  if (!absoluteTarget(target, ctx, path)) return;
  const options = mode.split(",").filter((o) => o && !IGNORED_OPTIONS.has(o));
  if (isHostPath(source)) {
    const unknown = options.find((o) => !BIND_OPTIONS.has(o));
    if (unknown) return ctx.error(path, `volume "${text}": unknown bind option "${unknown}"`);
    const host = hostPath(source, ctx, path);
    if (host) out.binds.push(`${host}:${target}${options.length ? `:${options.join(",")}` : ""}`);
    return;
  }
  const unknown = options.find((o) => o !== "ro" && o !== "rw" && o !== "nocopy");
  if (unknown) return ctx.error(path, `volume "${text}": option "${unknown}" does not apply to a named volume`);
  if (options.includes("nocopy")) ctx.warn(path, `volume "${text}": nocopy is not supported; the image's content is copied into a new volume`);
  namedVolume(source, target, options.includes("ro"), volumeNames, ctx, path, out);
}

function longVolume(item: Record<string, unknown>, volumeNames: Record<string, string>, ctx: ServiceContext, path: Path, out: ServiceVolumes): void {
  const type = scalarText(item.type);
  const target = scalarText(item.target ?? "");
  if (!absoluteTarget(target, ctx, [...path, "target"])) return;
  const readOnly = item.read_only === true;
  const source = item.source === undefined ? undefined : scalarText(item.source);
  if (type === "volume") {
    if (isPlain(item.volume) && item.volume.nocopy) ctx.warn([...path, "volume", "nocopy"], "nocopy is not supported; the image's content is copied into a new volume", true);
    if (isPlain(item.volume) && item.volume.subpath !== undefined) return ctx.error([...path, "volume", "subpath"], "volume subpath is not supported", true);
    if (source === undefined) out.mounts.push({ type: "volume", target, ...(readOnly ? { readOnly } : {}) });
    else namedVolume(source, target, readOnly, volumeNames, ctx, path, out);
  } else if (type === "bind") {
    if (!source) return ctx.error(path, "a bind mount needs a source");
    const host = hostPath(source, ctx, [...path, "source"]);
    if (!host) return;
    const bind = isPlain(item.bind) ? item.bind : {};
    const options = [readOnly ? "ro" : "", bind.propagation ? scalarText(bind.propagation) : "", bind.selinux ? scalarText(bind.selinux) : ""].filter(Boolean);
    // The engine creates a missing host directory only for binds; the long syntax does that only when asked.
    if (bind.create_host_path === true || bind.propagation || bind.selinux) out.binds.push(`${host}:${target}${options.length ? `:${options.join(",")}` : ""}`);
    else out.mounts.push({ type: "bind", source: host, target, ...(readOnly ? { readOnly } : {}) });
  } else if (type === "tmpfs") {
    const tmpfs = isPlain(item.tmpfs) ? item.tmpfs : {};
    const size = tmpfs.size === undefined ? undefined : parseBytes(tmpfs.size);
    if (tmpfs.size !== undefined && size === undefined) return ctx.error([...path, "tmpfs", "size"], `tmpfs size "${scalarText(tmpfs.size)}" is not a size (e.g. 64m)`);
    const options = [readOnly ? "ro" : "", size !== undefined ? `size=${size}` : "", tmpfs.mode !== undefined ? `mode=${scalarText(tmpfs.mode)}` : ""].filter(Boolean);
    out.tmpfs[target] = options.join(",");
  } else {
    ctx.error([...path, "type"], `volume type "${type}" is not supported (volume, bind and tmpfs are)`);
  }
}

function namedVolume(key: string, target: string, readOnly: boolean, volumeNames: Record<string, string>, ctx: ServiceContext, path: Path, out: ServiceVolumes): void {
  const name = volumeNames[key];
  if (name === undefined) return ctx.error(path, `service "${ctx.service}" refers to undefined volume "${key}": declare it under the top-level volumes`);
  if (!out.used.includes(key)) out.used.push(key);
  out.mounts.push({ type: "volume", source: name, target, ...(readOnly ? { readOnly } : {}) });
}

function isHostPath(source: string): boolean {
  return source.startsWith("/") || source.startsWith(".") || source.startsWith("~");
}

/** The host path a bind source names: absolute as written, or relative to the project's working directory. */
function hostPath(source: string, ctx: ServiceContext, path: Path): string | undefined {
  if (source.startsWith("~")) return void ctx.error(path, `bind source "${source}": "~" is not known on the host; write an absolute or ./relative path`);
  if (isAbsolute(source)) return normalize(source);
  if (!ctx.workingDir) return void ctx.error(path, `bind source "${source}" is relative, and the project has no working directory to resolve it against`);
  return normalize(join(ctx.workingDir, source));
}

function absoluteTarget(target: string, ctx: ServiceContext, path: Path): boolean {
  if (target.startsWith("/")) return true;
  ctx.error(path, `the container path "${target}" must be absolute`);
  return false;
}
