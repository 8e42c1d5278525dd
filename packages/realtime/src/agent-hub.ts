import { randomUUID } from "node:crypto";
import type { Namespace, Socket } from "socket.io";
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

import { agentRoom, hostLabel, hostOffline, localChannel, remoteChannel, type AgentChannel } from "./agent-channel";
import type { ClusterBus } from "./cluster-bus";
import type { Logger } from "./logger";
import { StreamRelay } from "./stream-relay";

export type AgentSocket = Socket<AgentToServerEvents, ServerToAgentEvents>;

export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

/**
 * Connected agents by host, and typed request/response over their sockets. In scale-out mode an
 * agent held by another instance is reached through its room (`agent:<hostId>`), which the Redis
 * adapter spans across instances — so a browser on instance B acts on an agent connected to A.
 */
export class SocketAgentHub implements AgentHub {
  private readonly sockets = new Map<string, AgentSocket>();
  /** Long-lived streams (logs, exec, stats, build, pull, push) over the same agent sockets. */
  readonly streams: StreamRelay;
  private cluster: { nsp: Namespace; bus: ClusterBus } | undefined;
  /** Scale-out: hosts whose agent another instance holds (host → instance). */
  private remote = new Map<string, string>();
  /** Names of the hosts held here or elsewhere, for messages (hostLabel). */
  private readonly names = new Map<string, string>();

  /** `hostName`: looks a host's name up for a message about a host no instance holds. */
  constructor(log: Logger, private readonly hostName?: (hostId: string) => Promise<string | null>) {
    this.streams = new StreamRelay(this, log);
  }

  /** The host as messages name it: by name when known. */
  labelOf(hostId: string): string {
    return hostLabel(hostId, this.names.get(hostId));
  }

  /** "host "web-1" is offline": the name looked up if no instance told it (never fails). */
  async offlineError(hostId: string): Promise<AppError> {
    const name = this.names.get(hostId) ?? (await this.hostName?.(hostId).catch(() => null));
    return hostOffline(hostLabel(hostId, name));
  }

  /** Scale-out: agents of other instances are reachable through the /agent namespace's rooms. */
  useCluster(nsp: Namespace, bus: ClusterBus): void {
    this.cluster = { nsp, bus };
    this.streams.useCluster(bus);
    bus.on("hub:held", (hostId: unknown, instanceId: unknown, held: unknown, name: unknown) => {
      if (typeof hostId !== "string" || typeof instanceId !== "string" || instanceId === bus.instanceId) return;
      if (typeof name === "string" && name.length <= 200) this.names.set(hostId, name);
      if (held === true) this.remote.set(hostId, instanceId);
      else if (this.remote.get(hostId) === instanceId) this.remote.delete(hostId);
    });
  }

  /**
   * Which hosts other instances hold, as the database says (Host.connectedInstanceId): re-read
   * every instance beat, so a message lost while Redis was down is corrected within a beat.
   */
  setRemoteHosts(held: Iterable<readonly [hostId: string, instanceId: string, name: string]>): void {
    const self = this.cluster?.bus.instanceId;
    const others = [...held].filter(([hostId, instanceId]) => instanceId !== self && !this.sockets.has(hostId));
    for (const [hostId, , name] of others) this.names.set(hostId, name);
    this.remote = new Map(others.map(([hostId, instanceId]) => [hostId, instanceId]));
  }

  private announce(hostId: string, held: boolean): void {
    if (this.cluster?.bus.clustered) this.cluster.bus.publish("hub:held", hostId, this.cluster.bus.instanceId, held, this.names.get(hostId));
  }

  get bus(): ClusterBus | undefined {
    return this.cluster?.bus;
  }

  /**
   * Registers the socket for a host; an older connection of the same host — here or, in
   * scale-out mode, on another instance — is closed.
   */
  attach(hostId: string, socket: AgentSocket, name?: string): void {
    if (name) this.names.set(hostId, name);
    const previous = this.sockets.get(hostId);
    this.sockets.set(hostId, socket);
    void socket.join(agentRoom(hostId));
    // The older connection hears why before it is closed (see AgentReplaced), on this instance or another.
    const notice = { reason: `another connection with this host's credentials took its place (from ${socket.handshake.address || "an unknown address"})` };
    if (previous && previous.id !== socket.id) {
      previous.emit("agent:replaced", notice);
      previous.disconnect(true);
    }
    if (this.cluster?.bus.clustered) {
      this.cluster.nsp.in(agentRoom(hostId)).except(socket.id).emit("agent:replaced", notice);
      this.cluster.nsp.in(agentRoom(hostId)).except(socket.id).disconnectSockets(true);
    }
    this.announce(hostId, true);
  }

  /** Forgets the socket if it is still the current one; returns whether it was. */
  detach(hostId: string, socket: AgentSocket): boolean {
    if (this.sockets.get(hostId)?.id !== socket.id) return false;
    this.sockets.delete(hostId);
    this.announce(hostId, false);
    return true;
  }

  /** Closes the host's agent connection wherever it is held (revocation). */
  disconnect(hostId: string): void {
    this.sockets.get(hostId)?.disconnect(true);
    if (this.cluster?.bus.clustered) this.cluster.nsp.in(agentRoom(hostId)).disconnectSockets(true);
  }

  /** How to reach the host's agent: its socket here, else (scale-out) its room; undefined = offline. */
  channelOf(hostId: string): AgentChannel | undefined {
    const socket = this.sockets.get(hostId);
    if (socket) return localChannel(this.labelOf(hostId), socket);
    return this.cluster?.bus.clustered ? remoteChannel(hostId, this.labelOf(hostId), this.cluster.nsp) : undefined;
  }

  /** The host's current agent socket, if it is connected to this instance. */
  socketOf(hostId: string): AgentSocket | undefined {
    return this.sockets.get(hostId);
  }

  /** Connected here, or (scale-out) to another instance. */
  isOnline(hostId: string): boolean {
    return this.sockets.has(hostId) || this.remote.has(hostId);
  }

  /** Connected to THIS instance (what /api/health reports per instance). */
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
    const channel = this.channelOf(hostId);
    if (!channel) throw await this.offlineError(hostId);
    const raw = await channel.ask("request", envelope, timeoutMs, envelope.type);
    const response = ResponseEnvelope.safeParse(raw);
    if (!response.success || response.data.id !== envelope.id) throw new AppError("BAD_GATEWAY", `host ${hostId} sent a malformed response to ${envelope.type}`);
    return response.data;
  }
}
