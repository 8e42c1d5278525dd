import superjson from "superjson";
import { appRouter, type ProcedureMeta } from "@dockmaster/api";

/** Every procedure of the router: its path, query or mutation, and declared access. */
export const PROCEDURES = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { meta?: ProcedureMeta; type: "query" | "mutation" | "subscription" } }>).map(([path, p]) => ({
  path,
  type: p._def.type,
  meta: p._def.meta,
}));

export interface HttpOutcome {
  status: number;
  message: string;
  body: string;
}

/** As the client would send it; what superjson refuses to send (e.g. a "__proto__" key) goes as plain JSON. */
function serialize(input: unknown): unknown {
  try {
    return superjson.serialize(input);
  } catch {
    return { json: input };
  }
}

/**
 * Calls one procedure over real HTTP as a client would (GET for a query, POST for a mutation),
 * with any JSON-able input, including ones no typed client would send.
 */
export async function callOverHttp(port: number, path: string, type: string, input: unknown, headers: Record<string, string> = {}): Promise<HttpOutcome> {
  const encoded = input === undefined ? undefined : JSON.stringify(serialize(input));
  const base = `http://127.0.0.1:${port}/api/trpc/${path}`;
  const res =
    type === "query"
      ? await fetch(encoded === undefined ? base : `${base}?input=${encodeURIComponent(encoded)}`, { headers })
      : await fetch(base, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: encoded ?? "{}" });
  const body = await res.text();
  let message = "";
  try {
    message = (JSON.parse(body) as { error?: { json?: { message?: string } } }).error?.json?.message ?? "";
  } catch {
    message = body;
  }
  return { status: res.status, message, body };
}

/** Text that must never reach a client: a database's, a driver's or a stack's. */
export const INTERNAL_TEXT = /prisma|invalid `|sqlite|better-sqlite3|postgres|at async|at Object\.|node_modules|\.ts:\d+|TypeError|RangeError|ReferenceError|Cannot read properties/i;

/** Every string in a value with its path ("spec.name", "targets.0.hostId"). */
export function stringPaths(value: unknown, path: string[] = []): string[][] {
  if (typeof value === "string") return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...path, String(i)]));
  if (value && typeof value === "object" && !(value instanceof Date)) return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...path, k]));
  return [];
}

/** A copy of `value` with the string at `path` replaced. */
export function replaceAt(value: unknown, path: string[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string, ...string[]];
  if (Array.isArray(value)) return (value as unknown[]).map((v, i) => (String(i) === head ? replaceAt(v, rest, replacement) : v));
  const object = value as Record<string, unknown>;
  return { ...object, [head]: replaceAt(object[head], rest, replacement) };
}
