import type { AgentHub } from "@dockmaster/core";

export type HealthVerdict = { ok: true; how: string } | { ok: false; reason: string };

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/**
 * Whether a freshly updated container proves itself within `timeoutMs`:
 *  - with a healthcheck: it must report "healthy" (at once: done) and never "unhealthy";
 *  - without one: it must stay running, unrestarted, for the whole time.
 * Exiting, restarting (RestartCount growing, or state "restarting") or vanishing fails it, with
 * words an operator can act on. Asked through the agent (container.inspect), every `pollMs`.
 */
export async function watchHealth(hub: AgentHub, hostId: string, containerId: string, timeoutMs: number, pollMs = 500): Promise<HealthVerdict> {
  const deadline = Date.now() + timeoutMs;
  const seconds = Math.round(timeoutMs / 1000);
  let firstRestarts: number | null = null;
  for (;;) {
    let inspect: Record<string, unknown>;
    try {
      inspect = await hub.request(hostId, "container.inspect", { id: containerId });
    } catch (error) {
      return { ok: false, reason: `the new container could not be inspected (${error instanceof Error ? error.message : String(error)})` };
    }
    const state = obj(inspect.State);
    const restarts = typeof inspect.RestartCount === "number" ? inspect.RestartCount : 0;
    firstRestarts ??= restarts;
    const health = obj(state.Health);
    const healthStatus = typeof health.Status === "string" ? health.Status : null;
    if (state.Status === "exited" || state.Status === "dead") return { ok: false, reason: `the new container exited (code ${typeof state.ExitCode === "number" ? state.ExitCode : "?"})` };
    if (state.Restarting === true || restarts > firstRestarts) return { ok: false, reason: `the new container keeps restarting (${restarts} restarts)` };
    if (healthStatus === "unhealthy") return { ok: false, reason: `the new container became unhealthy${lastProbe(health)}` };
    if (healthStatus === "healthy") return { ok: true, how: "healthy" };
    if (Date.now() >= deadline) {
      return healthStatus ? { ok: false, reason: `the new container did not become healthy within ${seconds} s${lastProbe(health)}` } : { ok: true, how: `kept running for ${seconds} s` };
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, Math.max(0, deadline - Date.now()))));
  }
}

/** ": <the last probe's output>" when the engine kept one. */
function lastProbe(health: Record<string, unknown>): string {
  const log = Array.isArray(health.Log) ? health.Log : [];
  const last = obj(log[log.length - 1]);
  const output = typeof last.Output === "string" ? last.Output.trim().slice(0, 200) : "";
  return output ? ` (last check: ${output})` : "";
}
