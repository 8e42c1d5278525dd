/**
 * The event kinds a rule can name. Container and host kinds come from engine events and host
 * presence; the others are raised by their features through `AlertEngine.raise`.
 */
export const ALERT_KINDS = [
  "container.exited",
  "container.oom",
  "container.unhealthy",
  "container.restart_loop",
  "host.offline",
  "host.degraded",
  /** Disk use (system df) over a rule's threshold. */
  "host.disk",
  "update.available",
  "update.applied",
  "update.rolled_back",
  "update.failed",
  /** An Operation ended failed. */
  "operation.failed",
  /** One user refused N times within M minutes. */
  "access.denied_repeatedly",
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** Kinds that are about the fleet, not one host: their signals carry no host (hostId null). */
export const FLEET_KINDS: readonly AlertKind[] = ["access.denied_repeatedly"];

/** Something that happened, before rules decide who hears of it. */
export interface AlertSignal {
  kind: AlertKind;
  /**
   * The host it happened on; null when it is not about one host (repeated denials of a user).
   * A host-less signal is taken only by rules whose scope names no hosts, groups, labels or stacks.
   */
  hostId: string | null;
  /** The compose project (stack) of the container it is about, when it has one: what a rule's stacks scope matches. */
  stack?: string | null;
  /**
   * host.disk: Docker's disk use in bytes. Each rule compares it with its own threshold: at or
   * over raises, under resolves.
   */
  measure?: number;
  /** What the alert is about on that host (a container name, or "" for the host itself): groups repeats. */
  subject: string;
  title: string;
  text: string;
  /** true: the condition ended ("healthy again", "back online"): open alerts of this kind and subject are resolved. */
  resolves: boolean;
}
