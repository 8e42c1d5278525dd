import type { ServerResponse } from "node:http";
import { AppError, type AppErrorCode } from "@dockmaster/core";
import { log } from "../logger";

const STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  TIMEOUT: 504,
  TOO_MANY_REQUESTS: 429,
  BAD_GATEWAY: 502,
  INTERNAL: 500,
};

/** A failure's words for the client and the audit trail: an AppError's own, never an unforeseen one's. */
export function failureOf(error: unknown): { status: number; message: string } {
  if (error instanceof AppError && error.code !== "INTERNAL") return { status: STATUS[error.code], message: error.message };
  log.error("container files request failed", { error: String(error) });
  return { status: 500, message: "internal error" };
}

/** Answers with the failure, or cuts the connection when the body had already begun. */
export function answerFailure(res: ServerResponse, failure: { status: number; message: string }): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(failure.status, { "content-type": "text/plain; charset=utf-8", connection: "close" }).end(failure.message);
}
