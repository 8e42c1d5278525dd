import type { AuditEntry, AuditLog } from "@dockmaster/core";
import type { Logger } from "./logger";
import { wellFormed } from "./socket-audit";

interface Window {
  first: AuditEntry;
  repeated: number;
  hostIds: Set<string | null>;
  timer: NodeJS.Timeout;
}

/**
 * Refused handshakes of one source for one reason, audited in aggregate: the first refusal of a
 * window is recorded at once (so an alert or a reader sees it immediately), the repeats within
 * `windowMs` become one record at the window's end with `params.repeated` = how many. A forged-
 * secret flood then costs a couple of audit rows a window instead of one per attempt.
 */
export class RefusalAudit {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly audit: AuditLog,
    private readonly log: Logger,
    private readonly windowMs = 10_000,
  ) {}

  /**
   * `key` names the source and the reason (e.g. address + action + code). Resolves once the record
   * is written when it is the first of its window (a refusal is answered after its record).
   */
  record(key: string, entry: AuditEntry): Promise<void> {
    const open = this.windows.get(key);
    if (open) {
      open.repeated += 1;
      if (open.hostIds.size < 1_000) open.hostIds.add(entry.hostId ?? null);
      return Promise.resolve();
    }
    const timer = setTimeout(() => void this.close(key), this.windowMs);
    timer.unref();
    this.windows.set(key, { first: entry, repeated: 0, hostIds: new Set([entry.hostId ?? null]), timer });
    return this.write(entry);
  }

  /** Writes every open window's count now (at shutdown). */
  async flush(): Promise<void> {
    const writes = [...this.windows].map(([key, window]) => {
      clearTimeout(window.timer);
      return this.close(key);
    });
    await Promise.all(writes);
  }

  private close(key: string): Promise<void> {
    const window = this.windows.get(key);
    this.windows.delete(key);
    if (!window || window.repeated === 0) return Promise.resolve();
    const hostIds = [...window.hostIds];
    const seconds = this.windowMs / 1_000;
    return this.write({
      ...window.first,
      hostId: hostIds.length === 1 ? hostIds[0] : null,
      actor: hostIds.length === 1 ? window.first.actor : { ...window.first.actor, id: null },
      // Which hosts the repeats named (a flood may name a new one each time: the first 20 are kept).
      params: { repeated: window.repeated, windowSeconds: seconds, hosts: hostIds.length, hostIds: hostIds.slice(0, 20) },
      error: `${window.first.error ?? "refused"} (repeated ${window.repeated} more times within ${seconds} s)`,
    });
  }

  private write(entry: AuditEntry): Promise<void> {
    return this.audit.append(wellFormed(entry)).then(() => undefined, (error: unknown) => this.log.error("audit record not written", { action: entry.action, error: String(error) }));
  }
}
