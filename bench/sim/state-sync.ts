import type { HostStateFull } from "@dockmaster/protocol";
import type { SimAgent } from "./agent";
import type { SimEngineState } from "./state";

/** A simulated engine's contents as the agent's full-state message (what apps/agent's StateSync sends on connect). */
export function simFullState(state: SimEngineState, reason = "connected"): HostStateFull {
  return { reason, takenAt: Date.now(), info: state.info, containers: state.containers, images: state.images, networks: [], volumes: [] };
}

/** Sends the agent's full state and resolves with whether the server stored it (its ack). */
export async function sendFullState(agent: SimAgent, timeoutMs = 60_000): Promise<boolean> {
  try {
    const ack = (await agent.socket.timeout(timeoutMs).emitWithAck("state:full", simFullState(agent.state))) as { ok?: unknown };
    return ack.ok === true;
  } catch {
    return false;
  }
}
