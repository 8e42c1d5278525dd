import type { Db } from "@dockmaster/db";
import { AppError } from "../errors";

export const MAX_FAILURES_PER_ACCOUNT_PER_HOUR = 100;
export const MAX_FAILURES_PER_IP_PER_HOUR = 300;
const FREE_ATTEMPTS = 5; // then each further failure doubles the wait, up to 15 minutes
const MAX_BACKOFF_MS = 15 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

/**
 * Refuses a login attempt while the account or the source IP is throttled. Stored in the
 * database so every control-plane instance sees the same counts.
 */
export async function assertLoginAllowed(db: Db, username: string, ip: string, now = Date.now()): Promise<void> {
  const since = new Date(now - HOUR);
  const [byAccount, byIp, last] = await Promise.all([
    db.loginFailure.count({ where: { username, time: { gte: since } } }),
    db.loginFailure.count({ where: { ip, time: { gte: since } } }),
    db.loginFailure.findFirst({ where: { username }, orderBy: { time: "desc" }, select: { time: true } }),
  ]);
  if (byAccount >= MAX_FAILURES_PER_ACCOUNT_PER_HOUR || byIp >= MAX_FAILURES_PER_IP_PER_HOUR) {
    throw new AppError("TOO_MANY_REQUESTS", "too many failed sign-ins; try again later");
  }
  if (byAccount >= FREE_ATTEMPTS && last) {
    const wait = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (byAccount - FREE_ATTEMPTS));
    const remaining = last.time.getTime() + wait - now;
    if (remaining > 0) throw new AppError("TOO_MANY_REQUESTS", `too many failed sign-ins; try again in ${Math.ceil(remaining / 1000)} s`);
  }
}

export async function recordLoginFailure(db: Db, username: string, ip: string): Promise<void> {
  await db.loginFailure.create({ data: { username: username.slice(0, 64), ip } });
}

export async function clearLoginFailures(db: Db, username: string): Promise<void> {
  await db.loginFailure.deleteMany({ where: { username } });
}
