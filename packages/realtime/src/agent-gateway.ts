import type { Namespace, Server } from "socket.io";
import { z } from "zod";
import { HandshakeError, type AuditLog } from "@dockmaster/core";
import type { Db, SqliteConnection } from "@dockmaster/db";
import { AGENT_NAMESPACE, type EngineEvent, type AgentToServerEvents, type HostStatus, type ServerToAgentEvents } from "@dockmaster/protocol";
import type { ClusterBus } from "./cluster-bus";
import { EventIntake } from "./event-intake";
import { attachStateIntake } from "./state-intake";
import type { SocketAgentHub, AgentSocket } from "./agent-hub";
import { admitAgent, type AgentIdentity } from "./handshake";
import { createHostPresence } from "./host-presence";
import type { Logger } from "./logger";
import { HandshakeTarpit } from "./handshake-tarpit";
import { DEFAULT_REFUSAL_LIMITS, watchRefusals } from "./refusals";
import { AgentQuarantine } from "./agent-quarantine";
import { logUnexpectedMessages } from "./unexpected-messages";
import { RefusalAudit } from "./refusal-audit";
import { LogThrottle } from "./log-throttle";

/** Cluster topic: a host held off by one instance is held off by all (agent-quarantine.ts). */
const QUARANTINE_TOPIC = "agent:quarantined";
const QuarantineHold = z.object({ hostId: z.string().max(200), heldMs: z.number().int().positive(), strikes: z.number().int().positive() });

export interface AgentGatewayDeps {
  db: Db;
  /** SQLite: Prisma's connection, for the event writer's direct path (Database.sqliteConnection). */
  sqliteConnection?: () => SqliteConnection | null;
  audit: AuditLog;
  log: Logger;
  hub: SocketAgentHub;
  /** This control-plane instance's id (kept on the host while its agent is connected here). */
  instanceId: string;
  /** Scale-out: reach agents held by other instances (requests, streams) through the cluster. */
  bus?: ClusterBus;
  /** Called for every validated engine event and host status change (the /ui gateway fans them out). */
  onEngineEvent(hostId: string, event: EngineEvent): void;
  onHostStatus(hostId: string, status: HostStatus, reason: string | null): void;
  /** Events this instance has just stored (each once fleet-wide; see EventWriter). */
  onEventsStored?(hostId: string, events: EngineEvent[]): void;
  /** Called after a host's state snapshot was written (full state or delta). */
  onStateChanged?(hostId: string): void;
}

interface AgentSocketData {
  identity: AgentIdentity;
}

/** The /agent namespace: admits agents (enroll or secret), tracks them in the hub, relays their events. */
export interface AgentGateway {
  hub: SocketAgentHub;
  /** Stores the engine events still queued in the writer (at shutdown, before the database closes). */
  flushEvents(): Promise<void>;
  /** Graceful stop with other instances running: agent disconnects are not written as offline (host-presence.ts). */
  handOver(): void;
}

export function attachAgentGateway(io: Server, deps: AgentGatewayDeps): AgentGateway {
  const hub = deps.hub;
  const presence = createHostPresence(deps);
  const intake = new EventIntake(deps);
  const tarpit = new HandshakeTarpit();
  const quarantine = new AgentQuarantine();
  const refusalAudit = new RefusalAudit(deps.audit, deps.log);
  /** Refused handshakes are logged like they are audited: the first at once, then once a window with a count. */
  const refusalLines = new LogThrottle(10_000);
  const nsp: Namespace<AgentToServerEvents, ServerToAgentEvents, Record<string, never>, AgentSocketData> = io.of(AGENT_NAMESPACE) as unknown as Namespace<AgentToServerEvents, ServerToAgentEvents, Record<string, never>, AgentSocketData>;
  if (deps.bus) hub.useCluster(nsp, deps.bus);
  // A hold published by another instance (or by this one: publish runs here too, idempotently).
  deps.bus?.on(QUARANTINE_TOPIC, (raw: unknown) => {
    const hold = QuarantineHold.safeParse(raw);
    if (hold.success) quarantine.adopt(hold.data.hostId, hold.data.heldMs, hold.data.strikes);
  });

  nsp.use((socket, next) => {
    const held = quarantine.check(socket.handshake.auth);
    if (held) {
      if (held.logCount !== null) deps.log.warn("agent refused: quarantined", { hostId: held.hostId, retryAfterMs: held.remainingMs, count: held.logCount });
      const refusal = Object.assign(new Error(`too many refused messages: held off for another ${Math.ceil(held.remainingMs / 1_000)} s`), { data: { code: "QUARANTINED", retryAfterMs: held.remainingMs } });
      // Answered after up to a second, as the tarpit does: an agent retrying at once gets one attempt a second.
      setTimeout(() => next(refusal), Math.min(held.remainingMs, 1_000));
      return;
    }
    const address = socket.handshake.address || "unknown";
    admitAgent(deps.db, deps.audit, socket.handshake.auth, socket.handshake.address || null, (entry, reason) => refusalAudit.record(`${address}|${entry.action}|${reason}`, entry))
      .then((identity) => {
        socket.data.identity = identity;
        next();
      })
      .catch((error: unknown) => {
        const refusal = error instanceof HandshakeError ? error : new HandshakeError("AUTH_FAILED", "handshake failed");
        if (!(error instanceof HandshakeError)) deps.log.error("agent handshake failed unexpectedly", { error: String(error) });
        const delayMs = tarpit.failed(address);
        const count = refusalLines.note(`${address}|${refusal.code}`);
        if (count !== null) deps.log.warn("agent refused", { code: refusal.code, reason: refusal.message, address, count, ...(delayMs && { answeredAfterMs: delayMs }) });
        setTimeout(() => next(Object.assign(new Error(refusal.message), { data: { code: refusal.code } })), delayMs);
      });
  });

  nsp.on("connection", (socket) => {
    const { hostId, hostName, grantedSecret } = socket.data.identity;
    void onConnect(socket, hostId, hostName, grantedSecret);
  });

  async function onConnect(socket: AgentSocket, hostId: string, hostName: string, grantedSecret: string | null) {
    // Listeners first: the agent may send as soon as it is welcomed.
    const refusals = watchRefusals(socket, hostId, deps.log, DEFAULT_REFUSAL_LIMITS, () => {
      const heldMs = quarantine.hold(hostId);
      deps.bus?.publish(QUARANTINE_TOPIC, { hostId, heldMs, strikes: quarantine.strikes(hostId) });
      deps.log.warn("agent quarantined", { hostId, heldMs });
      void deps.audit
        .append({ actor: { type: "agent", id: hostId, name: hostName }, ip: socket.handshake.address || null, action: "agent.quarantine", hostId, target: { type: "host", id: hostId, name: hostName }, result: "denied", error: `more than ${DEFAULT_REFUSAL_LIMITS.closeAfter} refused messages within ${DEFAULT_REFUSAL_LIMITS.logEveryMs / 1_000} s: held off for ${heldMs / 1_000} s` })
        .catch((error: unknown) => deps.log.error("could not audit a quarantine", { hostId, error: String(error) }));
    });
    logUnexpectedMessages(socket, refusals);
    intake.attach(socket, hostId, refusals);
    attachStateIntake(socket, hostId, refusals, { db: deps.db, sqliteConnection: deps.sqliteConnection, log: deps.log, onStateChanged: (id) => deps.onStateChanged?.(id) });
    socket.on("stream:frames", (raw: unknown, ack?: unknown) => {
      if (typeof ack !== "function") return;
      void hub.streams.framesFrom(hostId, raw).then((result) => {
        if (!result.ok) refusals.refused("stream frames refused", { error: result.error }, { counts: result.agentFault });
        (ack as (value: unknown) => void)(result.ok ? result : { ok: false, error: result.error });
      });
    });
    socket.on("stream:end", (raw: unknown) => hub.streams.endFrom(hostId, raw));
    socket.on("agent:health", (raw: unknown) => void presence.health(hostId, raw, refusals));
    socket.on("disconnect", (reason) => {
      if (!hub.detach(hostId, socket)) return; // replaced by a newer connection of the same host
      hub.streams.hostGone(hostId);
      deps.log.info("agent disconnected", { hostId, reason });
      void presence.disconnected(hostId, reason);
    });

    hub.attach(hostId, socket, hostName);
    if (grantedSecret) socket.emit("agent:enrolled", { hostId, secret: grantedSecret }, () => undefined);
    await presence.connected(hostId);
    const host = await deps.db.host.findUnique({ where: { id: hostId }, select: { lastEventSeq: true, lastEventTimeNano: true } });
    socket.emit("agent:welcome", { hostId, hostName, lastEventSeq: host?.lastEventSeq ?? 0, lastEventTimeNano: host?.lastEventTimeNano ?? null });
    deps.log.info("agent connected", { hostId, hostName });
  }

  return {
    hub,
    handOver: () => presence.handOver(),
    flushEvents: async () => {
      await refusalAudit.flush();
      await intake.flush();
    },
  };
}
