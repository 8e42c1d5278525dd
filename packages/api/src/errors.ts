import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { AppError, type AppErrorCode } from "@dockmaster/core";
import { ZodError } from "zod";

type TrpcCode = TRPCError["code"];

const TO_TRPC: Record<AppErrorCode, TrpcCode> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  TIMEOUT: "TIMEOUT",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  BAD_GATEWAY: "BAD_GATEWAY",
  INTERNAL: "INTERNAL_SERVER_ERROR",
};

/** What a client (and the audit trail) is told about a failure we did not foresee: never its text. */
export const INTERNAL_MESSAGE = "internal error";

/**
 * The one place AppError becomes a tRPC error. A refused input reads as "field: problem"; anything
 * unknown stays an opaque 500 whose text (a database's, a library's) never leaves the server.
 */
export function toTrpcError(error: unknown): TRPCError {
  const cause = error instanceof TRPCError && error.cause ? error.cause : error;
  if (cause instanceof AppError) return new TRPCError({ code: TO_TRPC[cause.code], message: cause.code === "INTERNAL" ? INTERNAL_MESSAGE : cause.message, cause });
  if (cause instanceof ZodError) return new TRPCError({ code: "BAD_REQUEST", message: `invalid input: ${describeZodError(cause)}`, cause });
  if (error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR") return error;
  if (error instanceof TRPCError && error.message === INTERNAL_MESSAGE) return error;
  return new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: INTERNAL_MESSAGE, cause });
}

/** Zod failures read as "field: problem" instead of a JSON dump; unknown keys are named. */
export function describeZodError(error: ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
      if (issue.code === "unrecognized_keys") return `${where}${issue.keys.map((k) => `unknown key "${k.slice(0, 100)}"`).join(", ")}`;
      return `${where || "input: "}${issue.message}`;
    })
    .join("; ");
}

/**
 * A failure while a request's context was being built (its session or API token could not be
 * read): there is no context to carry the request id yet, so the failure carries it, and the
 * reference the client reads matches the x-request-id header already set.
 */
export class ContextCreationFailed extends Error {
  constructor(
    readonly requestId: string,
    cause: unknown,
  ) {
    super("the request's context could not be built", { cause });
  }
}

/**
 * The message a client sees for any tRPC error. An internal error carries only a reference (the
 * request id, also in the x-request-id header); its detail goes to the server log with it, once:
 * this is the only place a failed call is logged.
 */
export function publicMessage(error: TRPCError, where: { requestId: string | undefined; path?: string }): string {
  if (error.cause instanceof ZodError) return `invalid input: ${describeZodError(error.cause)}`;
  if (error.code !== "INTERNAL_SERVER_ERROR") return error.message;
  const contextFailure = error.cause instanceof ContextCreationFailed ? error.cause : null;
  const requestId = where.requestId ?? contextFailure?.requestId ?? randomUUID();
  const failure = contextFailure ? contextFailure.cause : error.cause;
  const detail = failure instanceof Error ? (failure.stack ?? String(failure)) : error.message;
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: "error", component: "api", message: contextFailure ? "tRPC request context failed" : "tRPC call failed", requestId, path: where.path, error: detail })}\n`);
  return `${INTERNAL_MESSAGE} (reference ${requestId})`;
}
