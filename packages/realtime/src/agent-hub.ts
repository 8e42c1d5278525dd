import { randomUUID } from "node:crypto";
import type { Socket } from "socket.io";
import { AppError, appErrorFromProtocol, type AgentHub } from "@dockmaster/core";
import {
  RequestParams,
  RequestResults,
  ResponseEnvelope,
  isRequestType,
  type AgentToServerEvents,
  type RequestEnvelope,
  type RequestParamsOf,
  type RequestType,
  type ResultOf,
  type ServerToAgentEvents,
} from "@dockmaster/protocol";

import type { Logger } from "./logger";
import { StreamRelay } from "./stream-relay";

export type AgentSocket = Socket<AgentToServerEvents, ServerToAgentEvents>;

export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

/** Connected agents by host, and typed request/response over their sockets. */
export class SocketAgentHub implements AgentHub {
  private readonly sockets = new Map<string, AgentSocket>();
  /** Long-lived streams (logs, exec, stats, build, pull, push) over the same agent sockets. */
  readonly streams: StreamRelay;

  constructor(log: Logger) {
    this.streams = new StreamRelay(this, log);
  }

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

  /** The host's current agent socket, if it is connected. */
  socketOf(hostId: string): AgentSocket | undefined {
    return this.sockets.get(hostId);
  }

  isOnline(hostId: string): boolean {
    return this.sockets.has(hostId);
  }

  onlineHostIds(): string[] {
    return [...this.sockets.keys()];
  }

  async request<T extends RequestType>(hostId: string, type: T, params: RequestParamsOf<T>, options?: { timeoutMs?: number }): Promise<ResultOf<T>> {
    if (!isRequestType(type)) throw new AppError("BAD_REQUEST", `unknown request type "${String(type)}"`);
    const checked = RequestParams[type].safeParse(params);
    if (!checked.success) throw new AppError("BAD_REQUEST", `invalid ${type} params: ${checked.error.issues[0]?.message ?? "invalid"}`);
    const response = await this.send(hostId, { id: randomUUID(), type, params: checked.data }, options?.timeoutMs);
    if (!response.ok) throw appErrorFromProtocol(response.error);
    const result = RequestResults[type].safeParse(response.result);
    if (!result.success) throw new AppError("BAD_GATEWAY", `host ${hostId} sent an invalid ${type} result`);
    return result.data as ResultOf<T>;
  }

  /** Sends an envelope as is and returns the agent's validated response envelope. */
  async send(hostId: string, envelope: RequestEnvelope, timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): Promise<ResponseEnvelope> {
    const socket = this.sockets.get(hostId);
    if (!socket) throw new AppError("PRECONDITION_FAILED", `host ${hostId} is offline`);
    let raw: unknown;
    try {
      raw = await socket.timeout(timeoutMs).emitWithAck("request", envelope);
    } catch {
      throw new AppError("TIMEOUT", `host ${hostId} did not answer ${envelope.type} within ${timeoutMs} ms`);
    }
    const response = ResponseEnvelope.safeParse(raw);
    if (!response.success || response.data.id !== envelope.id) throw new AppError("BAD_GATEWAY", `host ${hostId} sent a malformed response to ${envelope.type}`);
    return response.data;
  }
}
