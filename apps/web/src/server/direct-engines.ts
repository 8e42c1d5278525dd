import { startAgent, type CredentialStore, type RunningAgent } from "@dockmaster/agent";
import { claimDirectEngines, releaseDirectEngines, saveDirectEngineAgentState, type LeasedDirectEngine, type SecretBox } from "@dockmaster/core";
import type { Db } from "@dockmaster/db";
import { engineConfigFromUrl } from "@dockmaster/docker";
import type { Logger } from "@dockmaster/realtime";

export interface DirectEngineOptions {
  db: Db;
  secrets: SecretBox;
  log: Logger;
  /** This control-plane instance: the lease holder's name. */
  instanceId: string;
  /** This server over loopback: the in-process agents dial it like any agent dials the server. */
  selfUrl: string;
  /** How long a lease holds without renewal; renewed every third of it (default 30 s). */
  leaseMs?: number;
  /** The agents' engine ping interval (default the agent's own). */
  healthIntervalMs?: number;
}

export interface DirectEngines {
  /** Re-reads the leases now (a direct engine was added, moved or removed). */
  refresh(): Promise<void>;
  /** Stops every in-process agent and gives the leases up. */
  close(): Promise<void>;
}

export const DEFAULT_LEASE_MS = 30_000;

/** The agent's credentials live sealed in the DirectEngine row, not in a file. */
function sealedCredentials(options: DirectEngineOptions, engine: LeasedDirectEngine): CredentialStore {
  let current = engine.agentState;
  return {
    description: `direct engine ${engine.id} (sealed in the database)`,
    load: () => Promise.resolve(current),
    save: async (credentials) => {
      current = credentials;
      await saveDirectEngineAgentState(options.db, options.secrets, engine.id, credentials);
    },
  };
}

/** What an in-process agent was started with: when it differs from the row, the agent is restarted. */
const addressOf = (engine: LeasedDirectEngine) => JSON.stringify([engine.url, engine.tls]);

/**
 * Engines the control plane reaches itself (unix socket or tcp+TLS) run the very agent code a
 * remote host runs (startAgent), in this process, dialing this server over loopback socket.io.
 * With several instances exactly one runs each engine: the one holding its lease (renewed every
 * third of the lease; an expired lease is taken over by whichever instance renews next). An engine
 * whose address changed gets a new agent for the new address (same host, same credentials).
 */
export function startDirectEngines(options: DirectEngineOptions): DirectEngines {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const running = new Map<string, { agent: RunningAgent | null; address: string }>();
  /** Refused for good (revoked) or impossible to start: not retried while this process runs (or until its address changes). */
  const refused = new Map<string, string>();
  let closed = false;
  let round: Promise<void> = Promise.resolve();

  /** Logged once, and shown as the offline host's reason. */
  const cannotStart = (engine: LeasedDirectEngine, reason: string) => {
    refused.set(engine.id, addressOf(engine));
    child(options.log, engine).error("direct engine cannot be started", { reason });
    void options.db.host
      .updateMany({ where: { id: engine.hostId, status: "offline" }, data: { statusReason: `cannot start: ${reason}` } })
      .catch((error: unknown) => options.log.error("host reason not stored", { error: String(error) }));
  };

  const launch = (engine: LeasedDirectEngine) => {
    const log = child(options.log, engine);
    let config;
    try {
      config = engineConfigFromUrl(engine.url, engine.tls ?? undefined);
    } catch (error) {
      return cannotStart(engine, error instanceof Error ? error.message : String(error));
    }
    if (!engine.agentState) return cannotStart(engine, "its sealed credentials cannot be opened (is DOCKMASTER_SECRET_KEY the same on every instance?)");
    log.info("starting the in-process agent for a direct engine", { url: engine.url });
    const entry: { agent: RunningAgent | null; address: string } = { agent: null, address: addressOf(engine) };
    entry.agent = startAgent({
      serverUrl: options.selfUrl,
      engine: config,
      credentials: sealedCredentials(options, engine),
      healthIntervalMs: options.healthIntervalMs,
      log,
      onFatal(code, message) {
        log.warn("direct engine's agent refused; stopped", { code, reason: message });
        refused.set(engine.id, entry.address);
        if (running.get(engine.id) === entry) stop(engine.id); // not the agent that replaced it after a move
      },
    });
    running.set(engine.id, entry);
  };

  const stop = (id: string) => {
    running.get(id)?.agent?.stop();
    running.delete(id);
  };

  const reconcile = async () => {
    if (closed) return;
    const leased = await claimDirectEngines(options.db, options.secrets, options.instanceId, leaseMs);
    if (closed) return;
    const held = new Set(leased.map((e) => e.id));
    for (const id of running.keys()) if (!held.has(id)) stop(id); // removed, or its lease was lost
    for (const engine of leased) {
      const address = addressOf(engine);
      const current = running.get(engine.id);
      if (current && current.address !== address) {
        child(options.log, engine).info("direct engine moved: its agent reconnects to the new address", { url: engine.url });
        stop(engine.id);
      }
      if (refused.has(engine.id) && refused.get(engine.id) !== address) refused.delete(engine.id); // a new address gets a new try
      if (!running.has(engine.id) && !refused.has(engine.id)) launch(engine);
    }
  };

  const refresh = () => {
    round = round.then(reconcile).catch((error: unknown) => options.log.error("direct engine leases not renewed", { error: String(error) }));
    return round;
  };
  const timer = setInterval(() => void refresh(), Math.max(100, Math.floor(leaseMs / 3)));
  void refresh();

  return {
    refresh,
    async close() {
      closed = true;
      clearInterval(timer);
      await round;
      for (const id of [...running.keys()]) stop(id);
      await releaseDirectEngines(options.db, options.instanceId);
    },
  };
}

function child(log: Logger, engine: LeasedDirectEngine): Logger {
  const fields = (f?: Record<string, unknown>) => ({ ...f, directEngine: engine.id, hostId: engine.hostId });
  return { info: (m, f) => log.info(m, fields(f)), warn: (m, f) => log.warn(m, fields(f)), error: (m, f) => log.error(m, fields(f)) };
}
