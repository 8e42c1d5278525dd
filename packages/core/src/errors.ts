import type { ErrorCode as ProtocolErrorCode, ProtocolError } from "@dockmaster/protocol";

/** Framework-free error carried from services to the edges (tRPC, socket.io), mapped there in one place. */
export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PRECONDITION_FAILED"
  | "TIMEOUT"
  | "TOO_MANY_REQUESTS"
  | "BAD_GATEWAY"
  | "INTERNAL";

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "AppError";
  }
}

const FROM_PROTOCOL: Record<ProtocolErrorCode, AppErrorCode> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNKNOWN_REQUEST: "BAD_REQUEST",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  ENGINE_ERROR: "BAD_GATEWAY",
  ENGINE_UNREACHABLE: "BAD_GATEWAY",
  TIMEOUT: "TIMEOUT",
  HOST_OFFLINE: "PRECONDITION_FAILED",
  INTERNAL: "INTERNAL",
};

/** An agent's typed failure becomes an AppError whose message is what the engine said. */
export function appErrorFromProtocol(error: ProtocolError): AppError {
  return new AppError(FROM_PROTOCOL[error.code], error.message);
}
