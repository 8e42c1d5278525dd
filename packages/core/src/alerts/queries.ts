import type { Db } from "@dockmaster/db";
import { AppError } from "../errors";

export interface AlertView {
  id: string;
  ruleId: string;
  kind: string;
  hostId: string | null;
  subject: string;
  message: string;
  status: string;
  count: number;
  firstAt: Date;
  lastAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
}

const ALERT_SELECT = { id: true, ruleId: true, kind: true, hostId: true, subject: true, message: true, status: true, count: true, firstAt: true, lastAt: true, resolvedAt: true, resolvedBy: true } as const;

/** Open alerts first (newest first), then the most recent resolved ones. */
export async function listAlerts(db: Db, options: { status: "open" | "resolved" | "all"; limit: number }): Promise<AlertView[]> {
  const where = options.status === "all" ? {} : { status: options.status };
  return db.alert.findMany({ where, orderBy: [{ status: "asc" }, { lastAt: "desc" }], take: options.limit, select: ALERT_SELECT });
}

/** A person closes an alert the engine cannot resolve itself (an exit, an OOM kill): no message is sent. */
export async function resolveAlertByHand(db: Db, id: string, by: string): Promise<AlertView> {
  const updated = await db.alert.updateMany({ where: { id, status: "open" }, data: { status: "resolved", resolvedAt: new Date(), resolvedBy: by } });
  if (updated.count === 0) {
    if (!(await db.alert.findUnique({ where: { id } }))) throw new AppError("NOT_FOUND", "no such alert");
    throw new AppError("CONFLICT", "the alert is already resolved");
  }
  return db.alert.findUniqueOrThrow({ where: { id }, select: ALERT_SELECT });
}

export interface DeliveryView {
  id: string;
  alertId: string | null;
  channelId: string;
  event: string;
  status: string;
  attempts: number;
  nextAttemptAt: Date;
  lastResponse: string | null;
  /** Held for the channel's quiet hours until then. */
  heldUntil: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

/** A channel's delivery log, newest first. */
export async function listDeliveries(db: Db, channelId: string, limit: number): Promise<DeliveryView[]> {
  return db.alertDelivery.findMany({
    where: { channelId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, alertId: true, channelId: true, event: true, status: true, attempts: true, nextAttemptAt: true, lastResponse: true, heldUntil: true, deliveredAt: true, createdAt: true },
  });
}
