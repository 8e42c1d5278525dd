import type { IncomingMessage, ServerResponse } from "node:http";
import { MAX_BATCH_CALLS } from "../trpc-limits";
import { checkJson } from "./json-input";
import { describeBytes, readBodyWithin } from "./request-body";

/** Most procedures take a few hundred bytes of JSON: 64 KiB is ample, and bounds what one request can make the server hold. */
export const DEFAULT_TRPC_BODY_LIMIT = 64 * 1024;

const STACK_BODY_LIMIT = 8 * 1024 * 1024;

/** The procedures whose input can honestly be larger, and why. A batch gets the largest limit among its calls. */
export const TRPC_BODY_LIMITS: Readonly<Record<string, number>> = {
  // A create spec carries a service's env, labels, command and mounts (env values up to 32 KiB each).
  "containers.create": 1024 * 1024,
  // Up to 1,000 targets of host id, container id and name.
  "bulk.start": 512 * 1024,
  // CA, certificate and key: three PEM documents of up to 20,000 characters each.
  "hosts.addDirectEngine": 256 * 1024,
  "hosts.setDirectEngineAddress": 256 * 1024,
  // A stack's files: compose and other files of up to 1 MiB each, and the .env (packages/core stacks/limits.ts).
  // 8 MiB holds a large project; the loader's own limits refuse more with a message naming the file.
  "stacks.validate": STACK_BODY_LIMIT,
  "stacks.create": STACK_BODY_LIMIT,
  "stacks.createForGroup": STACK_BODY_LIMIT,
  "stacks.update": STACK_BODY_LIMIT,
};

const ERROR_NUMBERS = { BAD_REQUEST: -32600, PARSE_ERROR: -32700, PAYLOAD_TOO_LARGE: -32413 } as const;
type EdgeErrorCode = keyof typeof ERROR_NUMBERS;

/** The procedure names of an /api/trpc/<a>,<b>?batch=1 URL. */
function callsOf(url: URL): string[] {
  const path = url.pathname.slice("/api/trpc/".length);
  try {
    return decodeURIComponent(path).split(",");
  } catch {
    return [path]; // tRPC answers the broken path itself (404/400)
  }
}

/**
 * Answers in tRPC's own error shape (superjson's `{ json }` envelope; one entry per call for a
 * batch) so the browser's client shows the message like any other refusal.
 */
function refuse(res: ServerResponse, status: number, code: EdgeErrorCode, message: string, calls: string[], batch: boolean, close = false): void {
  const error = (path: string) => ({ error: { json: { message, code: ERROR_NUMBERS[code], data: { code, httpStatus: status, path } } } });
  const body = JSON.stringify(batch ? calls.map(error) : error(calls[0] ?? ""));
  res.writeHead(status, { "content-type": "application/json", ...(close ? { connection: "close" } : {}) });
  res.end(body);
}

/**
 * Everything an /api/trpc request must pass before tRPC reads it: at most MAX_BATCH_CALLS calls;
 * a body within its procedures' limit, counted as it arrives (413 before it is buffered); input
 * that is JSON without lone surrogates (400 naming the problem). The body, once read, is handed to
 * tRPC as `req.body` (its node adapter takes a string there instead of reading the stream).
 * Returns false when it answered the request itself.
 */
export async function admitTrpcRequest(req: IncomingMessage & { body?: unknown }, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const batch = url.searchParams.get("batch") === "1";
  const calls = callsOf(url);
  if (batch && calls.length > MAX_BATCH_CALLS) {
    refuse(res, 400, "BAD_REQUEST", `a batch may hold at most ${MAX_BATCH_CALLS} calls; this one has ${calls.length}`, calls.slice(0, MAX_BATCH_CALLS + 1), batch);
    return false;
  }
  const queryInput = url.searchParams.get("input");
  if (queryInput !== null) {
    const checked = checkJson(queryInput, "the query's input");
    if (!checked.ok) return (refuse(res, 400, checked.problem === "syntax" ? "PARSE_ERROR" : "BAD_REQUEST", checked.message, calls, batch), false);
  }
  if (req.method !== "POST") return true;
  const limit = Math.max(...calls.map((call) => TRPC_BODY_LIMITS[call] ?? DEFAULT_TRPC_BODY_LIMIT));
  const body = await readBodyWithin(req, limit);
  if (!body.ok) {
    if (body.tooLarge) refuse(res, 413, "PAYLOAD_TOO_LARGE", `the request body is larger than ${describeBytes(limit)}, the limit for ${calls.length > 1 ? "these calls" : calls[0]}`, calls, batch, true);
    else res.destroy();
    return false;
  }
  if (body.text.trim() !== "") {
    const checked = checkJson(body.text, "the request body");
    if (!checked.ok) return (refuse(res, 400, checked.problem === "syntax" ? "PARSE_ERROR" : "BAD_REQUEST", checked.message, calls, batch), false);
  }
  req.body = body.text.trim() === "" ? undefined : body.text;
  return true;
}
