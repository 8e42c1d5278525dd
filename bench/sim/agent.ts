import { io, type Socket } from "socket.io-client";
import { AGENT_NAMESPACE, PROTOCOL_VERSION, RequestEnvelope, type AgentHello, type EngineEvent, type ResponseEnvelope } from "@dockmaster/protocol";
import type { SimHostCredentials } from "./hosts";
import { simEngineState, simHandlers, type SimEngineState, type SimHandlers } from "./state";

export interface SimAgentOptions {
  /** The control plane's base URL, e.g. http://127.0.0.1:3000. */
  url: string;
  credentials: SimHostCredentials;
  /** The engine this agent pretends to front (default: 50 containers, see state.ts). */
  state?: SimEngineState;
  /** Request answers; defaults to simHandlers(state). Types without a handler get UNKNOWN_REQUEST. */
  handlers?: SimHandlers;
  /** Reconnect like the real agent does (default false: a benchmark wants to see drops). */
  reconnect?: boolean;
  /** How long to wait for the server's welcome. */
  connectTimeoutMs?: number;
}

/**
 * A protocol-level agent without dockerd: it says hello with a host secret, answers requests from
 * a simulated engine state and sends engine events with its own monotonic seq — the same wire
 * protocol as apps/agent, so a control plane cannot tell the difference.
 */
export class SimAgent {
  readonly hostId: string;
  readonly state: SimEngineState;
  /** Where the server's event log stood at the last welcome; sendEvent continues after it. */
  seq = 0;
  welcomes = 0;
  requests = 0;
  /** Why the server closed this agent, each time it did. */
  readonly disconnects: string[] = [];

  private constructor(
    readonly socket: Socket,
    options: SimAgentOptions,
    state: SimEngineState,
  ) {
    this.hostId = options.credentials.hostId;
    this.state = state;
  }

  static connect(options: SimAgentOptions): Promise<SimAgent> {
    const state = options.state ?? simEngineState(options.credentials.hostName);
    const handlers = options.handlers ?? simHandlers(state);
    const hello: AgentHello = {
      protocolVersion: PROTOCOL_VERSION,
      agentVersion: "sim",
      hostName: options.credentials.hostName,
      engine: { id: state.info.id, name: state.info.name, version: state.info.serverVersion, apiVersion: state.info.apiVersion, os: state.info.osType, arch: state.info.architecture, kernelVersion: state.info.kernelVersion },
      credential: { kind: "secret", hostId: options.credentials.hostId, secret: options.credentials.secret },
    };
    const socket = io(`${options.url}${AGENT_NAMESPACE}`, { transports: ["websocket"], reconnection: options.reconnect ?? false, auth: hello, forceNew: true });
    const agent = new SimAgent(socket, options, state);
    socket.on("disconnect", (reason) => agent.disconnects.push(reason));
    socket.on("request", (raw: unknown, ack?: unknown) => {
      agent.requests++;
      if (typeof ack === "function") void answer(handlers, raw).then((response) => (ack as (r: ResponseEnvelope) => void)(response));
    });
    return new Promise<SimAgent>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`sim agent ${agent.hostId}: no welcome within ${options.connectTimeoutMs ?? 30_000} ms`)), options.connectTimeoutMs ?? 30_000);
      const fail = (error: Error) => {
        clearTimeout(timer);
        if (!options.reconnect) socket.close();
        reject(error);
      };
      socket.on("agent:welcome", (welcome: { lastEventSeq?: number }) => {
        agent.welcomes++;
        agent.seq = Math.max(agent.seq, welcome.lastEventSeq ?? 0);
        clearTimeout(timer);
        resolve(agent);
      });
      socket.on("connect_error", (error: Error & { data?: { code?: string } }) => {
        if (!options.reconnect) fail(Object.assign(new Error(`sim agent ${agent.hostId} refused: ${error.data?.code ?? ""} ${error.message}`), { code: error.data?.code }));
      });
    });
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** The next engine event of this host (a container start unless `partial` says otherwise). */
  nextEvent(partial: Partial<EngineEvent> = {}): EngineEvent {
    const container = this.state.containers[this.seq % Math.max(1, this.state.containers.length)];
    return {
      seq: ++this.seq,
      timeNano: (BigInt(Date.now()) * 1_000_000n).toString(),
      type: "container",
      action: "start",
      actorId: container?.id ?? "0".repeat(64),
      actorAttributes: { name: container?.name ?? "sim", image: container?.image ?? "sim" },
      ...partial,
    };
  }

  /** Sends one engine event and waits for the server's ack (true when it acknowledged that seq). */
  async sendEvent(event: EngineEvent = this.nextEvent(), timeoutMs = 30_000): Promise<boolean> {
    try {
      const ack = (await this.socket.timeout(timeoutMs).emitWithAck("engine:events", { events: [event] })) as { ok?: unknown; seq?: unknown };
      return ack.ok === true && ack.seq === event.seq;
    } catch {
      return false;
    }
  }

  close(): void {
    this.socket.close();
  }
}

async function answer(handlers: SimHandlers, raw: unknown): Promise<ResponseEnvelope> {
  const envelope = RequestEnvelope.safeParse(raw);
  if (!envelope.success) return { id: "", ok: false, error: { code: "BAD_REQUEST", message: "malformed request envelope" } };
  const { id, type, params } = envelope.data;
  const handler = (handlers as Record<string, ((p: unknown) => unknown) | undefined>)[type];
  if (!handler) return { id, ok: false, error: { code: "UNKNOWN_REQUEST", message: `the simulated agent does not implement ${type}` } };
  try {
    return { id, ok: true, result: await handler(params) };
  } catch (error) {
    return { id, ok: false, error: { code: "ENGINE_ERROR", message: error instanceof Error ? error.message : String(error) } };
  }
}
