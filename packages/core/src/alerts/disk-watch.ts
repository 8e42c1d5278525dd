import pLimit from "p-limit";
import type { AgentHub } from "../agent-hub";
import type { AlertEngine } from "./engine";
import type { OutboxLogger } from "./outbox";
import { listRules } from "./rules";
import { dockerDiskBytes } from "./signals";

/** `system df` walks every image, container and volume: measured every 10 minutes by default, a few hosts at a time. */
export const DEFAULT_DISK_CHECK_MS = 10 * 60_000;
const AT_ONCE = 4;
const DF_TIMEOUT_MS = 60_000;

/**
 * Measures Docker's disk use on the hosts whose agent THIS instance holds, and hands each result
 * to the alert engine. Each host's agent is held by one instance, so every host is measured once
 * per period fleet-wide without any coordination; nothing is measured while no enabled rule names
 * host.disk. A host that does not answer is skipped (host.offline / degraded say why).
 */
export class DiskWatch {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly deps: { db: Parameters<typeof listRules>[0]; hub: Pick<AgentHub, "onlineHostIds" | "request">; alerts: Pick<AlertEngine, "diskMeasured">; log: OutboxLogger },
    private readonly everyMs: number = DEFAULT_DISK_CHECK_MS,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.checkNow(), this.everyMs);
    this.timer.unref();
  }

  /** One round over the local hosts (skipped while the previous one still runs). */
  checkNow(): Promise<void> {
    this.running ??= this.round()
      .catch((error: unknown) => this.deps.log.warn("disk use check failed", { error: String(error) }))
      .finally(() => (this.running = null));
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async round(): Promise<void> {
    const wanted = (await listRules(this.deps.db)).some((rule) => rule.enabled && rule.kinds.includes("host.disk"));
    if (!wanted) return;
    const limit = pLimit(AT_ONCE);
    await Promise.all(
      this.deps.hub.onlineHostIds().map((hostId) =>
        limit(async () => {
          try {
            const df = await this.deps.hub.request(hostId, "system.df", {}, { timeoutMs: DF_TIMEOUT_MS });
            this.deps.alerts.diskMeasured(hostId, dockerDiskBytes(df));
          } catch (error) {
            this.deps.log.warn("disk use not measured", { hostId, error: String(error) });
          }
        }),
      ),
    );
  }
}
