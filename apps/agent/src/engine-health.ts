import type { Engine } from "@dockmaster/docker";
import type { AgentHealth } from "@dockmaster/protocol";
import type { AgentLog } from "./log";

export const DEFAULT_HEALTH_INTERVAL_MS = 5_000;
const PING_TIMEOUT_MS = 5_000;

/**
 * Watches the engine while the agent is connected: pings it every `intervalMs` and reports to the
 * control plane on connect and whenever reachability (or the reason) changes — so a host whose
 * dockerd stopped shows degraded with the engine's own error, and online again once it answers.
 */
export class EngineHealthMonitor {
  private send: ((report: AgentHealth) => void) | null = null;
  private last: string | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private checking = false;

  constructor(
    private readonly engine: Engine,
    private readonly log: AgentLog,
    private readonly intervalMs = DEFAULT_HEALTH_INTERVAL_MS,
  ) {}

  /** A (re)connection: report the current state at once, then on change. */
  connected(send: (report: AgentHealth) => void): void {
    this.send = send;
    this.last = null;
    this.timer ??= setInterval(() => void this.check(), this.intervalMs);
    void this.check();
  }

  disconnected(): void {
    this.send = null;
  }

  stop(): void {
    this.send = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Checks now (also called when the event stream breaks) and reports a change. */
  async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const report = await this.probe();
      const key = JSON.stringify(report);
      if (key === this.last || !this.send) return;
      this.last = key;
      if (!report.engineReachable) this.log.warn("engine unreachable", { reason: report.reason });
      this.send(report);
    } finally {
      this.checking = false;
    }
  }

  private async probe(): Promise<AgentHealth> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.engine.endpoint} did not answer a ping within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.engine.ping(), timeout]);
      return { engineReachable: true };
    } catch (error) {
      return { engineReachable: false, reason: (error instanceof Error ? error.message : String(error)).slice(0, 500) };
    } finally {
      clearTimeout(timer);
    }
  }
}
