import type { AgentWelcome, EnrollmentGrant } from "./hello";
import type { EngineEvent, EventAck } from "./events";
import type { ResponseEnvelope, RequestEnvelope } from "./requests";

/** Socket.io event maps. Everything arriving from the network is still zod-validated by the receiver. */

export type AckOk = { ok: true };
export type AckError = { ok: false; error: string };

export interface AgentToServerEvents {
  "engine:event": (event: EngineEvent, ack: (ack: EventAck | AckError) => void) => void;
}
export interface ServerToAgentEvents {
  request: (request: RequestEnvelope, ack: (response: ResponseEnvelope) => void) => void;
  "agent:enrolled": (grant: EnrollmentGrant, ack: (ack: AckOk) => void) => void;
  /** Sent on every accepted connection: where the server's event log for this host stands. */
  "agent:welcome": (welcome: AgentWelcome) => void;
}

export type HostStatus = "online" | "offline";

export interface UiToServerEvents {
  "host:subscribe": (payload: { hostId: string }, ack: (ack: AckOk | AckError) => void) => void;
  "host:unsubscribe": (payload: { hostId: string }) => void;
}
export interface ServerToUiEvents {
  "host:event": (payload: { hostId: string; event: EngineEvent }) => void;
  "host:status": (payload: { hostId: string; status: HostStatus }) => void;
}

export const AGENT_NAMESPACE = "/agent";
export const UI_NAMESPACE = "/ui";
