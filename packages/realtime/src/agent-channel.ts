import type { Namespace, Socket } from "socket.io";
import { AppError } from "@dockmaster/core";

/** The room every agent socket joins: in scale-out mode it spans the instances (Redis adapter). */
export const agentRoom = (hostId: string) => `agent:${hostId}`;

/**
 * A way to reach one host's agent: its socket on this instance, or its room across the cluster.
 * `ask` resolves with the agent's ack; it fails with PRECONDITION_FAILED when no instance holds
 * the agent and TIMEOUT when the agent (or the path to it) stays silent.
 */
export interface AgentChannel {
  readonly local: boolean;
  ask(event: string, payload: unknown, timeoutMs: number, what: string): Promise<unknown>;
  tell(event: string, payload: unknown): void;
}

/**
 * How messages name a host: `host "web-1"` when its name is known, else `host <id>`. Users know
 * their hosts by name; an id in an error tells them nothing.
 */
export const hostLabel = (hostId: string, name: string | null | undefined) => (name ? `host "${name}"` : `host ${hostId}`);
export const hostOffline = (label: string) => new AppError("PRECONDITION_FAILED", `${label} is offline`);
const timeout = (label: string, what: string, ms: number) => new AppError("TIMEOUT", `${label} did not answer ${what} within ${ms} ms`);

/** `label`: the host as messages name it (hostLabel). */
export function localChannel(label: string, socket: Socket): AgentChannel {
  return {
    local: true,
    async ask(event, payload, timeoutMs, what) {
      try {
        return (await socket.timeout(timeoutMs).emitWithAck(event, payload)) as unknown;
      } catch {
        throw timeout(label, what, timeoutMs);
      }
    },
    tell: (event, payload) => void socket.emit(event, payload),
  };
}

/**
 * The agent is not connected here: a broadcast with acknowledgement to its room reaches the
 * instance that holds it. No answer at all (an empty list) means no instance holds it.
 */
export function remoteChannel(hostId: string, label: string, nsp: Namespace): AgentChannel {
  return {
    local: false,
    async ask(event, payload, timeoutMs, what) {
      let responses: unknown[];
      try {
        responses = (await nsp.to(agentRoom(hostId)).timeout(timeoutMs).emitWithAck(event, payload)) as unknown[];
      } catch (error) {
        // Some instance did not report in time; the agent's answer may still be among the others'.
        responses = (error as { responses?: unknown[] }).responses ?? [];
        if (!responses.length) throw timeout(label, what, timeoutMs);
      }
      if (!responses.length) throw hostOffline(label);
      return responses[0];
    },
    tell: (event, payload) => void nsp.to(agentRoom(hostId)).emit(event, payload),
  };
}
