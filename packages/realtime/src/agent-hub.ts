import { randomUUID } from "node:crypto";
import type { Socket } from "socket.io";
import { AppError, appErrorFromProtocol, type AgentHub } from "@dockmaster/core";
import {
  RequestParams,
  RequestResults,
  ResponseEnvelope,
  type AgentToServerEvents,
  type RequestParamsOf,
  type RequestType,
  type ResultOf,
  type ServerToAgentEvents,
} from "@dockmaster/protocol";

export type AgentSocket = Socket<AgentToServerEvents, ServerToAgentEvents>;

export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

/** Connected agents by host, and typed request/response over their sockets. */
export class SocketAgentHub implements AgentHub {
  private readonly sockets = new Map<string, AgentSocket>();

  /** Registers the socket for a host; an older connection of the same host is closed. */
  attach(hostId: string, socket: AgentSocket): void {
    const previous = this.sockets.get(hostId);
    this.sockets.set(hostId, socket);
    if (previous && previous.id !== socket.id) previous.disconnect(true);
  }

  /** Forgets the socket if it is still the current one; returns whether it was. */
  detach(hostId: string, socket: AgentSocket): boolean {
    if (this.sockets.get(hostId)?.id !== socket.id) return false;
    this.sockets.delete(hostId);
    return true;
  }

  disconnect(hostId: string): void {
    this.sockets.get(hostId)?.disconnect(true);
  }

  isOnline(hostId: string): boolean {
    return this.sockets.has(hostId);
  }

  onlineHostIds(): string[] {
    return [...this.sockets.keys()];
  }

  async request<T extends RequestType>(hostId: string, type: T, params: RequestParamsOf<T>, options?: { timeoutMs?: number }): Promise<ResultOf<T>> {
    const socket = this.sockets.get(hostId);
    if (!socket) throw new AppError("PRECONDITION_FAILED", `host ${hostId} is offline`);
    const checked = RequestParams[type].safeParse(params);
    if (!checked.success) throw new AppError("BAD_REQUEST", `invalid ${type} params: ${checked.error.issues[0]?.message ?? "invalid"}`);

    const id = randomUUID();
    const timeoutMs = options?.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    let raw: unknown;
    try {
      raw = await socket.timeout(timeoutMs).emitWithAck("request", { id, type, params: checked.data });
    } catch {
      throw new AppError("TIMEOUT", `host ${hostId} did not answer ${type} within ${timeoutMs} ms`);
    }
    const response = ResponseEnvelope.safeParse(raw);
    if (!response.success || response.data.id !== id) throw new AppError("BAD_GATEWAY", `host ${hostId} sent a malformed response to ${type}`);
    if (!response.data.ok) throw appErrorFromProtocol(response.data.error);
    const result = RequestResults[type].safeParse(response.data.result);
    if (!result.success) throw new AppError("BAD_GATEWAY", `host ${hostId} sent an invalid ${type} result`);
    return result.data as ResultOf<T>;
  }
}
