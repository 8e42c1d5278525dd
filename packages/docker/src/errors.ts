import type { ErrorCode } from "@dockmaster/protocol";

/** An engine failure with a protocol error code and the engine's own message. */
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

const UNREACHABLE = new Set(["ECONNREFUSED", "ENOENT", "EACCES", "ECONNRESET", "EHOSTUNREACH", "ETIMEDOUT", "EPIPE"]);

/** The engine's JSON body `{"message": …}`, whatever form dockerode left it in. */
function engineMessage(error: { json?: unknown; message?: string }): string {
  const json = error.json as { message?: unknown } | string | null | undefined;
  if (json && typeof json === "object" && typeof json.message === "string") return json.message;
  if (typeof json === "string" && json.trim()) return json.trim();
  return (error.message ?? "engine error").replace(/^\(HTTP code \d+\)\s*[\w ]*-\s*/, "").trim();
}

export function toEngineError(error: unknown): EngineError {
  if (error instanceof EngineError) return error;
  const e = (error ?? {}) as { statusCode?: number; code?: string; json?: unknown; message?: string };
  if (e.code && UNREACHABLE.has(e.code)) return new EngineError("ENGINE_UNREACHABLE", `cannot reach the Docker engine (${e.code})`);
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

/** Runs an engine call, mapping any failure to EngineError. */
export async function engineCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toEngineError(error);
  }
}

/** start/stop answer 304 when the container is already in that state: that is success. */
export async function tolerateNotModified(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 304) return;
    throw toEngineError(error);
  }
}
