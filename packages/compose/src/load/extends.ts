import { dirname, join, normalize } from "pathe";
import { isPlain, mergeService } from "./merge";
import { scalarText } from "./lists";

type Plain = Record<string, unknown>;

/** A compose file's services as loaded, and where they came from (for `extends: {file}` and error locations). */
export interface FileServices {
  file: string;
  services: Record<string, Plain>;
}

/** Where a diagnostic about a service's `extends` points. */
export type ExtendsReport = (file: string, service: string, message: string) => void;

/**
 * Resolves `extends` in one file's services: the base service (same file, or `file:` among the
 * stack's files) merged with the service by compose's override rules, recursively. A cycle, an
 * unknown service or a file outside the stack is an error naming it.
 */
export function resolveExtends(current: FileServices, loadFile: (path: string) => FileServices | undefined, report: ExtendsReport): Record<string, Plain> {
  const out: Record<string, Plain> = {};
  for (const name of Object.keys(current.services)) {
    const resolved = resolveOne(current, name, loadFile, report, []);
    if (resolved) out[name] = resolved;
  }
  return out;
}

function resolveOne(source: FileServices, name: string, loadFile: (path: string) => FileServices | undefined, report: ExtendsReport, chain: string[]): Plain | undefined {
  const service = source.services[name];
  if (!service) return undefined;
  const link = `${source.file}:${name}`;
  if (chain.includes(link)) {
    report(source.file, name, `extends forms a cycle: ${[...chain, link].map((l) => l.split(":").pop()).join(" → ")}`);
    return undefined;
  }
  const { extends: parent, ...own } = service;
  if (parent === undefined) return own;
  const spec = isPlain(parent) ? parent : { service: parent };
  const baseName = scalarText(spec.service);
  let baseSource = source;
  if (spec.file !== undefined) {
    const path = normalize(join(dirname(source.file), scalarText(spec.file)));
    const loaded = path.startsWith("../") || path.startsWith("/") ? undefined : loadFile(path);
    if (!loaded) {
      report(source.file, name, `extends: the file "${scalarText(spec.file)}" is not among the stack's files`);
      return undefined;
    }
    baseSource = loaded;
  }
  if (!baseSource.services[baseName]) {
    report(source.file, name, `extends: service "${baseName}" is not defined in ${baseSource.file}`);
    return undefined;
  }
  const base = resolveOne(baseSource, baseName, loadFile, report, [...chain, link]);
  return base ? mergeService(base, own) : undefined;
}
