/** The event kinds a rule can name. Update kinds are raised by the updates feature when it lands. */
export const ALERT_KINDS = ["container.exited", "container.oom", "container.unhealthy", "container.restart_loop", "host.offline", "host.degraded"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** Something that happened, before rules decide who hears of it. */
export interface AlertSignal {
  kind: AlertKind;
  hostId: string;
  /** What the alert is about on that host (a container name, or "" for the host itself): groups repeats. */
  subject: string;
  title: string;
  text: string;
  /** true: the condition ended ("healthy again", "back online"): open alerts of this kind and subject are resolved. */
  resolves: boolean;
}
