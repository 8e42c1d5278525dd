import type { Db } from "@dockmaster/db";
import type { AlertKind } from "./kinds";
import { listRules } from "./rules";

/** Bumped after a rule change commits on this process: every engine here re-reads at its next event. */
let localVersion = 0;
export function noteRulesChanged(): void {
  localVersion++;
}

/**
 * The kinds some enabled rule names, for the engine's event filter. Engine events arrive by the
 * thousand per second from a big fleet and nearly all of them can never make an alert (a start,
 * when no rule watches restart loops): this drops them without a query each, so the one exit that
 * matters does not wait behind them on the alert queue. Re-read when older than `ttlMs` (1 s) —
 * then the caller waits for the read, never filters on a stale answer — and at once after a rule
 * change on this process; a change on another instance is seen within `ttlMs`.
 */
export class WantedKinds {
  private kinds: Set<AlertKind> | null = null;
  private readAt = 0;
  private version = -1;
  private loading: Promise<Set<AlertKind>> | null = null;

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 1_000,
  ) {}

  /** The kinds, at once when fresh; otherwise the promise of a read (shared by everyone asking meanwhile). */
  current(): Set<AlertKind> | Promise<Set<AlertKind>> {
    if (this.kinds && this.version === localVersion && Date.now() - this.readAt < this.ttlMs) return this.kinds;
    const version = localVersion;
    this.loading ??= listRules(this.db)
      .then((rules) => {
        this.kinds = new Set(rules.filter((r) => r.enabled).flatMap((r) => r.kinds));
        this.readAt = Date.now();
        this.version = version;
        return this.kinds;
      })
      .finally(() => (this.loading = null));
    return this.loading;
  }
}
