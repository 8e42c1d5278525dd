import type { AgentReplaced, AgentWelcome, EnrollmentGrant } from "./hello";
import type { EngineEvent, EngineEventBatch, EventBatchAck } from "./events";
import type { ResponseEnvelope, RequestEnvelope } from "./requests";
import type { StreamEnd, StreamFramesEnvelope, StreamInput, StreamOpen, StreamResize } from "./streams";
import type { ProtocolError } from "./errors";
import type { BulkDoneMessage, BulkProgressMessage } from "./bulk";
import type { AgentHealth, HostChange, HostStatus } from "./health";
import type { HostStateDeltaInput, HostStateFull } from "./state";

/** Socket.io event maps. Everything arriving from the network is still zod-validated by the receiver. */

export type AckOk = { ok: true };
export type AckError = { ok: false; error: string };

export interface AgentToServerEvents {
  /** Engine events in seq order; acknowledged once stored (a few batches may be in flight). */
  "engine:events": (batch: EngineEventBatch, ack: (ack: EventBatchAck | AckError) => void) => void;
  /** A batch of a stream's frames; the ack is the backpressure signal (the agent waits for it). */
  "stream:frames": (batch: StreamFramesEnvelope, ack: (ack: AckOk | AckError) => void) => void;
  "stream:end": (end: StreamEnd) => void;
  /** The agent's view of its engine (reachable or not, and why): sent on welcome and on change. */
  "agent:health": (report: AgentHealth) => void;
  /** The host's whole state (on connect and after an event gap); acked once stored. */
  "state:full": (state: HostStateFull, ack: (ack: AckOk | AckError) => void) => void;
  /** Changes since: container entries upserted/removed, small lists resent; acked once stored. */
  "state:delta": (delta: HostStateDeltaInput, ack: (ack: AckOk | AckError) => void) => void;
}
export interface ServerToAgentEvents {
  request: (request: RequestEnvelope, ack: (response: ResponseEnvelope) => void) => void;
  "agent:enrolled": (grant: EnrollmentGrant, ack: (ack: AckOk) => void) => void;
  /** Sent on every accepted connection: where the server's event log for this host stands. */
  "agent:welcome": (welcome: AgentWelcome) => void;
  "agent:replaced": (notice: AgentReplaced) => void;
  "stream:open": (open: StreamOpen, ack: (ack: AckOk | StreamRefusal) => void) => void;
  "stream:input": (input: StreamInput, ack: (ack: AckOk | StreamRefusal) => void) => void;
  "stream:inputEnd": (ref: { streamId: string }) => void;
  "stream:resize": (resize: StreamResize) => void;
  "stream:cancel": (ref: { streamId: string }) => void;
}

export type StreamRefusal = { ok: false; error: ProtocolError };

export interface UiToServerEvents {
  "host:subscribe": (payload: { hostId: string }, ack: (ack: AckOk | AckError) => void) => void;
  "host:unsubscribe": (payload: { hostId: string }) => void;
  /** Joins the fleet rooms of every host the user may see; the ack lists them. */
  "fleet:subscribe": (payload: Record<string, never>, ack: (ack: { ok: true; hostIds: string[] } | AckError) => void) => void;
  "fleet:unsubscribe": () => void;
  /** Opens a stream on a host; the server checks the stream type's permission on that host. */
  "stream:open": (open: { streamId: string; hostId: string; type: string; params: unknown }, ack: (ack: { ok: true; streamId: string } | StreamRefusal) => void) => void;
  "stream:input": (input: StreamInput, ack: (ack: AckOk | StreamRefusal) => void) => void;
  "stream:inputEnd": (ref: { streamId: string }) => void;
  "stream:resize": (resize: StreamResize) => void;
  "stream:cancel": (ref: { streamId: string }) => void;
  /** Follows a bulk action's progress: allowed for the user who started it, or with audit.view. */
  "bulk:subscribe": (payload: { batchId: string }, ack: (ack: AckOk | AckError) => void) => void;
  "bulk:unsubscribe": (payload: { batchId: string }) => void;
}
export interface ServerToUiEvents {
  "host:event": (payload: { hostId: string; event: EngineEvent }) => void;
  "host:status": (payload: { hostId: string; status: HostStatus; reason: string | null }) => void;
  /** A host's inventory entry changed (or the user's access to it): lists showing hosts refetch. */
  "host:changed": (payload: { hostId: string; change: HostChange }) => void;
  /** A host's state snapshot changed (throttled): fleet pages refetch what they show. */
  "fleet:changed": (payload: { hostId: string }) => void;
  "stream:frames": (batch: StreamFramesEnvelope, ack: (ack: AckOk) => void) => void;
  "stream:end": (end: StreamEnd) => void;
  /** One target of a bulk action changed state; `bulk:done` carries the summary at the end. */
  "bulk:progress": (message: BulkProgressMessage) => void;
  "bulk:done": (message: BulkDoneMessage) => void;
  /** An alert was raised, counted or resolved, or a delivery settled: the alerts page refetches (the push carries nothing). */
  "alerts:changed": () => void;
  /** Audit records were written (an operation, a denial …): the overview refetches its recent operations and denials (the push carries nothing). */
  "activity:changed": () => void;
  /**
   * Scale-out: whether this instance reaches the others (Redis). While `up` is false, events of
   * agents held elsewhere may be missed: the browser stops saying "live" and, when it is true
   * again, refetches what it shows. Sent on a change, and at connection while down.
   */
  "cluster:link": (payload: { up: boolean }) => void;
}

export const AGENT_NAMESPACE = "/agent";
export const UI_NAMESPACE = "/ui";
