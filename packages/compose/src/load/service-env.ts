import { join, normalize } from "pathe";
import type { ServiceContext } from "./context";
import type { Diagnostics } from "./diagnostics";
import { parseEnvText } from "./env";
import { listOrDict, stringOrList, scalarText } from "./lists";
import { isPlain } from "./merge";

/** The stack's files by normalised path ("env/web.env"), for env_file. */
export type StackFiles = Map<string, string>;

/**
 * The container's environment: each `env_file` in order (list, string, or {path, required}; a
 * missing optional one is skipped), then `environment` (list or map) on top. A bare `KEY` takes its
 * value from the project's variables, and is left out when they do not have it — as compose does.
 */
export function serviceEnvironment(service: Record<string, unknown>, files: StackFiles, ctx: ServiceContext, diagnostics: Diagnostics): string[] {
  const env: Record<string, string> = {};
  stringOrList(service.env_file).forEach((entry, i) => {
    const spec = isPlain(entry) ? entry : { path: entry };
    const path = normalize(join(".", scalarText(spec.path)));
    const content = path.startsWith("/") || path.startsWith("../") ? undefined : files.get(path);
    if (content === undefined) {
      if (spec.required !== false) ctx.error(["env_file", i], `env_file "${scalarText(spec.path)}" is not among the stack's files`);
      return;
    }
    if (spec.format !== undefined && spec.format !== "raw") ctx.warn(["env_file", i, "format"], `env_file format "${scalarText(spec.format)}" is not supported; read as a .env file`);
    Object.assign(env, parseEnvText(content, path, (name) => ctx.variables[name], diagnostics));
  });
  for (const [key, value] of Object.entries(listOrDict(service.environment))) {
    const resolved = value ?? ctx.variables[key];
    if (resolved === undefined) delete env[key];
    else env[key] = resolved;
  }
  return Object.entries(env).map(([key, value]) => `${key}=${value}`);
}

/** Build args: same shapes as environment; a bare KEY takes the variable's value (left out when unset). */
export function buildArgs(value: unknown, variables: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, arg] of Object.entries(listOrDict(value))) {
    const resolved = arg ?? variables[key];
    if (resolved !== undefined) out[key] = resolved;
  }
  return out;
}
