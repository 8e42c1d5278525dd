/** The message an alert delivery carries: the generic webhook's JSON body, and what each formatter renders. */
export interface AlertMessage {
  /** The delivery's id: a receiver that sees it twice (a retry after a lost answer) can drop the repeat. */
  deliveryId: string;
  event: "raised" | "resolved" | "test";
  alertId: string | null;
  kind: string;
  title: string;
  text: string;
  host: { id: string; name: string } | null;
  subject: string;
  count: number;
  firstAt: string;
  lastAt: string;
}

export function headline(m: AlertMessage): string {
  const mark = m.event === "resolved" ? "✅" : m.event === "test" ? "🔔" : "🚨";
  return `${mark} ${m.title}`;
}

export function bodyLines(m: AlertMessage): string {
  const lines = [m.text];
  if (m.host) lines.push(`Host: ${m.host.name}`);
  if (m.count > 1) lines.push(`Seen ${m.count} times since ${m.firstAt}`);
  return lines.join("\n");
}
