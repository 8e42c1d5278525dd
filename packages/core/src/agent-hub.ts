import type { RequestParamsOf, RequestType, ResultOf } from "@dockmaster/protocol";

/**
 * How core and api reach a host's agent. Implemented by @dockmaster/realtime over socket.io;
 * faked in unit tests. Rejects with AppError (HOST_OFFLINE → PRECONDITION_FAILED, TIMEOUT, engine errors).
 */
export interface AgentHub {
  request<T extends RequestType>(hostId: string, type: T, params: RequestParamsOf<T>, options?: { timeoutMs?: number }): Promise<ResultOf<T>>;
  isOnline(hostId: string): boolean;
  onlineHostIds(): string[];
  /** Closes a host's agent connection (after revocation). */
  disconnect(hostId: string): void;
}
