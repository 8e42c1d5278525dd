import { io, type Socket } from "socket.io-client";
import type { Engine } from "@dockmaster/docker";
import {
  AGENT_NAMESPACE,
  AgentReplaced,
  AgentWelcome,
  EnrollmentGrant,
  EventBatchAck,
  FATAL_HANDSHAKE_CODES,
  QuarantineRefusal,
  PROTOCOL_VERSION,
  type AgentHello,
  type AgentToServerEvents,
  type EngineIdentity,
  type HandshakeErrorCode,
  type ServerToAgentEvents,
} from "@dockmaster/protocol";
import type { CredentialStore } from "./credentials";
import type { EngineHealthMonitor } from "./engine-health";
import type { EventRelay } from "./event-relay";
import { engineHandlers, handleRequest, type Upgrade } from "./handlers";
import { StateSync } from "./state-sync";
import { StreamRunner } from "./streams/stream-runner";
import type { AgentLog } from "./log";
import { AGENT_VERSION } from "./version";

export interface ConnectionOptions {
  serverUrl: string;
  enrollToken: string | undefined;
  credentials: CredentialStore;
  hostName: string | undefined;
  engine: Engine;
  relay: EventRelay;
  health: EngineHealthMonitor;
  log: AgentLog;
  /** Called when the server refuses us for a reason retrying cannot fix. */
  onFatal(code: HandshakeErrorCode, message: string): void;
  /** agent.upgrade: replaces this agent with a newer build (absent: refused). */
  upgrade?: Upgrade;
}

const EVENT_ACK_TIMEOUT_MS = 10_000;
/** After another connection with our credentials replaced us: wait this long, doubling each time, up to an hour. */
const REPLACED_BACKOFF_MS = 60_000;
const REPLACED_BACKOFF_MAX_MS = 3_600_000;
/** A browser that reads nothing for this long loses its stream (the agent stops producing). */
const STREAM_ACK_TIMEOUT_MS = 60_000;

/** Storing a full state is one transaction of a few hundred rows; leave room for a busy database. */
const STATE_ACK_TIMEOUT_MS = 30_000;

async function acked(reply: Promise<unknown>): Promise<boolean> {
  try {
    return ((await reply) as { ok?: unknown } | null)?.ok === true;
  } catch {
    return false;
  }
}

async function engineIdentity(engine: Engine, log: AgentLog): Promise<EngineIdentity | null> {
  try {
    return await engine.identity();
  } catch (error) {
    log.warn("engine unreachable; connecting without engine identity", { error: String(error) });
    return null;
  }
}

/**
 * Dials the control plane (the agent never listens), authenticates on every (re)connect with its
 * stored secret — or enrolls once with a token — and serves requests. socket.io reconnects with
 * exponential backoff and 50 % jitter.
 */
export function connect(options: ConnectionOptions): Socket<ServerToAgentEvents, AgentToServerEvents> {
  const { engine, relay, log } = options;
  const handlers = engineHandlers(engine, options.upgrade);
  const stateSync = new StateSync(engine, relay, log);

  const socket: Socket<ServerToAgentEvents, AgentToServerEvents> = io(`${options.serverUrl}${AGENT_NAMESPACE}`, {
    transports: ["websocket"],
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 30_000,
    randomizationFactor: 0.5,
    auth: (cb) => {
      void (async () => {
        const stored = await options.credentials.load();
        const credential: AgentHello["credential"] = stored
          ? { kind: "secret", hostId: stored.hostId, secret: stored.secret }
          : { kind: "enroll", token: options.enrollToken ?? "" };
        const hello: AgentHello = {
          protocolVersion: PROTOCOL_VERSION,
          agentVersion: AGENT_VERSION,
          hostName: options.hostName,
          engine: await engineIdentity(engine, log),
          credential,
        };
        cb(hello);
      })().catch((error: unknown) => {
        log.error("cannot build hello", { error: String(error) });
        options.onFatal("MALFORMED_HELLO", String(error));
      });
    },
  });

  socket.on("agent:enrolled", (raw, ack) => {
    const grant = EnrollmentGrant.safeParse(raw);
    if (!grant.success) return log.error("malformed enrollment grant ignored");
    options.credentials.save(grant.data).then(
      () => {
        log.info("enrolled; credentials stored", { hostId: grant.data.hostId, path: options.credentials.description });
        ack({ ok: true });
      },
      (error: unknown) => log.error("could not store credentials", { error: String(error) }),
    );
  });

  // Two agents given the same credentials would otherwise replace each other every few seconds.
  let replacedTimes = 0;
  let replaced = false;
  socket.on("agent:replaced", (raw) => {
    replaced = true;
    replacedTimes += 1;
    const notice = AgentReplaced.safeParse(raw);
    log.error("another agent connected with this host's credentials; this one steps aside", {
      reason: notice.success ? notice.data.reason : "(malformed notice)",
      retryInSeconds: replacedDelayMs(replacedTimes) / 1_000,
    });
  });

  socket.on("agent:welcome", (raw) => {
    const welcome = AgentWelcome.safeParse(raw);
    if (!welcome.success) return log.error("malformed welcome ignored");
    log.info("connected to control plane", { hostId: welcome.data.hostId, hostName: welcome.data.hostName });
    options.health.connected((report) => socket.emit("agent:health", report));
    relay.connected(welcome.data, async (events) => {
      if (!socket.connected) return null; // never queued by socket.io for a later connection: resent from the outbox
      try {
        const ack = EventBatchAck.safeParse(await socket.timeout(EVENT_ACK_TIMEOUT_MS).emitWithAck("engine:events", { events }));
        if (!ack.success) log.warn("event batch not acknowledged; resending", { firstSeq: events[0]?.seq });
        return ack.success ? ack.data.seq : null;
      } catch {
        return null;
      }
    });
    // Like events: never buffered by socket.io for a later connection (which starts with a full state anyway).
    stateSync.connected({
      full: async (state) => socket.connected && acked(socket.timeout(STATE_ACK_TIMEOUT_MS).emitWithAck("state:full", state)),
      delta: async (delta) => socket.connected && acked(socket.timeout(STATE_ACK_TIMEOUT_MS).emitWithAck("state:delta", delta)),
    });
  });

  socket.on("request", (raw, ack) => {
    if (typeof ack !== "function") return log.warn("request without ack ignored");
    void handleRequest(handlers, raw).then(ack);
  });

  const streams = new StreamRunner(
    engine,
    {
      sendFrames: async (streamId, frames) => {
        try {
          const ack = (await socket.timeout(STREAM_ACK_TIMEOUT_MS).emitWithAck("stream:frames", { streamId, frames })) as { ok?: unknown };
          return ack.ok === true;
        } catch {
          return false;
        }
      },
      sendEnd: (end) => void socket.emit("stream:end", end),
    },
    log,
  );
  socket.on("stream:open", (raw, ack) => {
    if (typeof ack === "function") void streams.open(raw).then(ack);
  });
  socket.on("stream:input", (raw, ack) => {
    if (typeof ack === "function") void streams.input(raw).then(ack);
  });
  socket.on("stream:inputEnd", (raw) => streams.endInput(raw));
  socket.on("stream:resize", (raw) => streams.resize(raw));
  socket.on("stream:cancel", (raw) => streams.cancel(raw));

  socket.on("disconnect", (reason) => {
    relay.disconnected();
    options.health.disconnected();
    stateSync.disconnected();
    streams.cancelAll();
    log.warn("disconnected from control plane", { reason });
    // socket.io does not retry after the server closed us on purpose (revoked, replaced): ask
    // again, so the server can say why (a revoked host then gets HOST_REVOKED and exits).
    if (reason === "io server disconnect") setTimeout(() => socket.connect(), replaced ? replacedDelayMs(replacedTimes) : 1_000 + Math.random() * 2_000);
    replaced = false;
  });

  socket.on("connect_error", (error: Error & { data?: { code?: HandshakeErrorCode } }) => {
    const code = error.data?.code;
    if (code && FATAL_HANDSHAKE_CODES.includes(code)) return options.onFatal(code, error.message);
    const quarantined = QuarantineRefusal.safeParse(error.data);
    if (quarantined.success) {
      // This agent sent the control plane too many messages it refused (a bug, or a version it
      // does not understand): it holds us off for a while and says how long.
      log.error("the control plane is holding this agent off after too many refused messages; retrying later", { retryInSeconds: Math.ceil(quarantined.data.retryAfterMs / 1_000) });
      setTimeout(() => socket.connect(), quarantined.data.retryAfterMs + Math.random() * 1_000);
      return;
    }
    log.warn("cannot reach control plane; retrying", { error: error.message });
    // A refusal from a server middleware stops socket.io's own retries; retry ourselves.
    if (!socket.active) setTimeout(() => socket.connect(), 1_000 + Math.random() * 2_000);
  });

  return socket;
}

function replacedDelayMs(times: number): number {
  return Math.min(REPLACED_BACKOFF_MS * 2 ** (times - 1), REPLACED_BACKOFF_MAX_MS);
}
