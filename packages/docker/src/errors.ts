import type { ErrorCode } from "@dockmaster/protocol";

/** An engine failure: a protocol error code and a message fit for a user (the engine's own words). */
export class EngineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly statusCode?: number,
  ) {
    super(message);
    this.name = "EngineError";
  }
}

/** Socket-level failures: the engine is not there, or we may not talk to it. */
const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOENT: "no such socket",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ECONNRESET: "connection reset",
  EPIPE: "connection closed",
  ETIMEDOUT: "timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ENOTFOUND: "unknown host",
  EAI_AGAIN: "host name lookup failed",
};

/** TLS handshake failures (Node's error codes) are also "cannot reach it": say why. */
const isTlsFailure = (code: string) => code.startsWith("ERR_SSL") || code.startsWith("ERR_TLS") || code.includes("CERT") || code === "EPROTO";

interface RawError {
  statusCode?: number;
  code?: string;
  json?: unknown;
  message?: string;
}

/** The engine's JSON body `{"message": …}`, whatever form dockerode left it in. */
function engineMessage(error: RawError): string {
  const json = error.json as { message?: unknown } | string | Buffer | null | undefined;
  if (json && typeof json === "object" && !Buffer.isBuffer(json) && typeof json.message === "string") return json.message.trim();
  if (typeof json === "string" && json.trim()) return json.trim();
  if (Buffer.isBuffer(json) && json.length > 0) return json.toString("utf8").trim();
  // dockerode's own wording: "(HTTP code 409) unexpected - <engine message> "
  const text = (error.message ?? "").replace(/^\(HTTP code \d+\)\s*[^-]*-\s*/, "").trim();
  return text || `the engine answered HTTP ${error.statusCode ?? "?"}`;
}

/**
 * Any failure of an engine call → EngineError. `endpoint` (e.g. unix:///var/run/docker.sock) names
 * the engine in "unreachable" messages. Only messages travel, never stacks.
 */
export function toEngineError(error: unknown, endpoint?: string): EngineError {
  if (error instanceof EngineError) return error;
  const e: RawError = typeof error === "object" && error !== null ? error : { message: String(error) };
  const where = endpoint ? `the Docker engine at ${endpoint}` : "the Docker engine";
  if (e.code && e.code in UNREACHABLE) return new EngineError("ENGINE_UNREACHABLE", `cannot reach ${where}: ${UNREACHABLE[e.code]} (${e.code})`);
  if (e.code && isTlsFailure(e.code)) return new EngineError("ENGINE_UNREACHABLE", `cannot reach ${where}: TLS failed: ${e.message ?? e.code}`);
  if (e.statusCode === undefined) return new EngineError("ENGINE_ERROR", e.message?.trim() || "engine call failed");
  const message = engineMessage(e);
  switch (e.statusCode) {
    case 400:
      return new EngineError("BAD_REQUEST", message, 400);
    case 404:
      return new EngineError("NOT_FOUND", message, 404);
    case 409:
      return new EngineError("CONFLICT", message, 409);
    default:
      return new EngineError("ENGINE_ERROR", message, e.statusCode);
  }
}

/** Runs engine calls and maps every failure to an EngineError naming `endpoint`. */
export function errorMapper(endpoint: string) {
  return {
    map: (error: unknown) => toEngineError(error, endpoint),
    async call<T>(fn: () => Promise<T>): Promise<T> {
      try {
        return await fn();
      } catch (error) {
        throw toEngineError(error, endpoint);
      }
    },
    /** start/stop answer 304 when the container is already in that state: that is success. */
    async idempotent(fn: () => Promise<unknown>): Promise<void> {
      try {
        await fn();
      } catch (error) {
        if ((error as RawError | null)?.statusCode === 304) return;
        throw toEngineError(error, endpoint);
      }
    },
  };
}

export type ErrorMapper = ReturnType<typeof errorMapper>;
