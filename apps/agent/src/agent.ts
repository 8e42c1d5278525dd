import { createEngine, type EngineConfig } from "@dockmaster/docker";
import type { HandshakeErrorCode } from "@dockmaster/protocol";
import { connect } from "./connection";
import type { CredentialStore } from "./credentials";
import { EngineHealthMonitor } from "./engine-health";
import { EventRelay } from "./event-relay";
import type { Upgrade } from "./handlers";
import type { AgentLog } from "./log";

export interface AgentOptions {
  /** The control plane, e.g. https://dockmaster.example.com (the agent dials out; it never listens). */
  serverUrl: string;
  /** One-time enrollment token, used only while `credentials` holds nothing. */
  enrollToken?: string;
  /** Name proposed for the host at enrollment. */
  hostName?: string;
  engine: EngineConfig;
  credentials: CredentialStore;
  log: AgentLog;
  /** How often the engine is pinged for the health report. */
  healthIntervalMs?: number;
  /** The control plane refused this agent for a reason retrying cannot fix (revoked, removed, bad token). */
  onFatal(code: HandshakeErrorCode, message: string): void;
  /** agent.upgrade requests: the standalone agent replaces itself (main.ts); others refuse. */
  upgrade?: Upgrade;
}

export interface RunningAgent {
  /** Disconnects and stops watching the engine. */
  stop(): void;
}

/**
 * One agent: engine → event relay and health monitor → outbound connection. The standalone agent
 * (main.ts) and the control plane's direct engines both run exactly this.
 */
export function startAgent(options: AgentOptions): RunningAgent {
  const engine = createEngine(options.engine);
  const relay = new EventRelay(engine, options.log);
  const health = new EngineHealthMonitor(engine, options.log, options.healthIntervalMs);
  const stopRelay = new AbortController();
  const socket = connect({ ...options, enrollToken: options.enrollToken, hostName: options.hostName, engine, relay, health });
  void relay.run(stopRelay.signal);
  return {
    stop() {
      stopRelay.abort();
      health.stop();
      socket.close();
    },
  };
}
