import { z } from "zod";

/** Error codes that travel over the wire; the control plane maps them to AppError. */
export const ErrorCode = z.enum([
  "BAD_REQUEST", // params failed validation, or the engine said 400
  "UNKNOWN_REQUEST", // request type not in the union
  "NOT_FOUND", // engine said 404
  "CONFLICT", // engine said 409 (e.g. removing a running container)
  "ENGINE_ERROR", // any other engine failure
  "ENGINE_UNREACHABLE", // the agent cannot reach dockerd
  "TIMEOUT", // no answer within the ack timeout
  "HOST_OFFLINE", // no agent connected for that host
  "INTERNAL",
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ProtocolError = z.object({ code: ErrorCode, message: z.string() });
export type ProtocolError = z.infer<typeof ProtocolError>;

/** Codes the /agent handshake can refuse with (socket.io connect_error `data.code`). */
export const HandshakeErrorCode = z.enum([
  "PROTOCOL_MISMATCH",
  "MALFORMED_HELLO",
  "ENROLL_TOKEN_INVALID",
  "ENROLL_TOKEN_EXPIRED",
  "ENROLL_TOKEN_USED",
  "AUTH_FAILED",
  "HOST_REVOKED",
  "QUARANTINED",
  // an enrollment for an engine already enrolled as another host: "replace credentials" on that host instead
  "ENGINE_ALREADY_ENROLLED",
]);
export type HandshakeErrorCode = z.infer<typeof HandshakeErrorCode>;

/**
 * Handshake refusals retrying cannot help: the agent logs and exits. Every one but QUARANTINED: the
 * control plane holds an agent off for a while after it sent too many refused messages, and says
 * for how long (QuarantineRefusal).
 */
export const FATAL_HANDSHAKE_CODES: readonly HandshakeErrorCode[] = HandshakeErrorCode.options.filter((code) => code !== "QUARANTINED");

/** The data of a QUARANTINED handshake refusal: when to try again. */
export const QuarantineRefusal = z.object({ code: z.literal("QUARANTINED"), retryAfterMs: z.number().int().nonnegative() });
