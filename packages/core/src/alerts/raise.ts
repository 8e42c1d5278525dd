import type { Db } from "@dockmaster/db";
import type { AlertSignal } from "./kinds";
import type { AlertMessage } from "./message";
import type { AlertRuleView } from "./rules";

type AlertRow = Awaited<ReturnType<Db["alert"]["create"]>>;

export function groupKeyOf(ruleId: string, signal: Pick<AlertSignal, "kind" | "hostId" | "subject">): string {
  return `${ruleId}|${signal.kind}|${signal.hostId ?? "fleet"}|${signal.subject}`;
}

/** The message for one delivery row; the row's own id is filled in when it is sent (deliveryId). */
function messageOf(alert: AlertRow, event: AlertMessage["event"], title: string, text: string, hostName: string | null): Omit<AlertMessage, "deliveryId"> {
  return {
    event,
    alertId: alert.id,
    kind: alert.kind,
    title,
    text,
    host: alert.hostId ? { id: alert.hostId, name: hostName ?? alert.hostId } : null,
    subject: alert.subject,
    count: alert.count,
    firstAt: alert.firstAt.toISOString(),
    lastAt: alert.lastAt.toISOString(),
  };
}

/** What a signal did; `deliveryIds`: the outbox rows it wrote (handed to this instance's worker at once). */
export type RaiseOutcome = { alertId: string; action: "raised" | "counted" | "repeated" | "resolved"; deliveryIds: string[] } | null;

/**
 * Applies one signal under one rule, in one transaction with its outbox rows:
 * - a new condition → an open Alert and one pending delivery per channel;
 * - the same key again while that alert is open → its count goes up; a message is queued again only
 *   when the last one is older than the rule's grouping window (a flapping container is one alert);
 * - a resolving signal → open alerts of that key are resolved and a "resolved" message queued.
 */
export async function applySignal(db: Db, rule: AlertRuleView, signal: AlertSignal, hostName: string | null, now = new Date()): Promise<RaiseOutcome> {
  const groupKey = groupKeyOf(rule.id, signal);
  return db.$transaction(async (tx) => {
    const open = await tx.alert.findFirst({ where: { groupKey, status: "open" }, orderBy: { firstAt: "desc" } });
    const queue = (alert: AlertRow, event: AlertMessage["event"]) =>
      tx.alertDelivery.createManyAndReturn({ select: { id: true }, data: rule.channelIds.map((channelId) => ({ alertId: alert.id, channelId, event, payload: JSON.stringify(messageOf(alert, event, signal.title, signal.text, hostName)), nextAttemptAt: now, claimedUntil: now })) });
    if (signal.resolves) {
      if (!open) return null;
      const resolved = await tx.alert.update({ where: { id: open.id }, data: { status: "resolved", resolvedAt: now, resolvedBy: "condition ended" } });
      const rows = await queue(resolved, "resolved");
      return { alertId: open.id, action: "resolved", deliveryIds: rows.map((r) => r.id) };
    }
    if (open) {
      const lastMessage = await tx.alertDelivery.findFirst({ where: { alertId: open.id, event: "raised" }, orderBy: { createdAt: "desc" }, select: { createdAt: true } });
      const counted = await tx.alert.update({ where: { id: open.id }, data: { count: { increment: 1 }, lastAt: now, message: signal.text } });
      const quiet = lastMessage && now.getTime() - lastMessage.createdAt.getTime() < rule.groupWindowSec * 1_000;
      if (quiet) return { alertId: open.id, action: "counted", deliveryIds: [] };
      const rows = await queue(counted, "raised");
      return { alertId: open.id, action: "repeated", deliveryIds: rows.map((r) => r.id) };
    }
    const alert = await tx.alert.create({ data: { ruleId: rule.id, kind: signal.kind, groupKey, hostId: signal.hostId, subject: signal.subject, message: signal.text, firstAt: now, lastAt: now } });
    const rows = await queue(alert, "raised");
    return { alertId: alert.id, action: "raised", deliveryIds: rows.map((r) => r.id) };
  });
}
