import type { Db } from "@dockmaster/db";
import { AppError } from "../errors";

export const MAX_FAILURES_PER_ACCOUNT_PER_HOUR = 100;
export const MAX_FAILURES_PER_IP_PER_HOUR = 300;
const FREE_ATTEMPTS = 5; // then each further failure doubles the wait, up to 15 minutes
const MAX_BACKOFF_MS = 15 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

/** The name an attempt is counted under (the column holds at most 64 characters). */
const accountKey = (username: string) => username.slice(0, 64);

/**
 * Refuses a login attempt while the account or the source IP is throttled. Stored in the
 * database so every control-plane instance sees the same counts.
 *
 * The attempt is counted BEFORE it is judged: a row is reserved first, then the other rows are
 * counted. Of two attempts evaluated at the same time (a batch, parallel requests, two instances)
 * at least one sees the other's row, so N+1 simultaneous attempts can never all see fewer than N
 * and the back-off holds however the attempts arrive. The reserved row is the failure record if
 * the attempt fails (recordLoginFailure adds nothing), is removed if the attempt is refused here,
 * and is cleared with the others by a successful sign-in (clearLoginFailures).
 */
export async function assertLoginAllowed(db: Db, username: string, ip: string, now = Date.now()): Promise<void> {
  const since = new Date(now - HOUR);
  const account = accountKey(username);
  const reserved = await db.loginFailure.create({ data: { username: account, ip, time: new Date(now) }, select: { id: true } });
  const others = { id: { not: reserved.id } };
  const [byAccount, byIp, last] = await Promise.all([
    db.loginFailure.count({ where: { username: account, time: { gte: since }, ...others } }),
    db.loginFailure.count({ where: { ip, time: { gte: since }, ...others } }),
    db.loginFailure.findFirst({ where: { username: account, ...others }, orderBy: { time: "desc" }, select: { time: true } }),
  ]);
  const refuse = async (message: string) => {
    await db.loginFailure.deleteMany({ where: { id: reserved.id } });
    throw new AppError("TOO_MANY_REQUESTS", message);
  };
  if (byAccount >= MAX_FAILURES_PER_ACCOUNT_PER_HOUR || byIp >= MAX_FAILURES_PER_IP_PER_HOUR) {
    await refuse("too many failed sign-ins; try again later");
  }
  if (byAccount >= FREE_ATTEMPTS && last) {
    const wait = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (byAccount - FREE_ATTEMPTS));
    const remaining = last.time.getTime() + wait - now;
    if (remaining > 0) await refuse(`too many failed sign-ins; try again in ${Math.ceil(remaining / 1000)} s`);
  }
}

/**
 * A failed attempt: already counted, since assertLoginAllowed reserved its row before the
 * password was checked. Kept so the sign-in code says what happened where it happens.
 */
export function recordLoginFailure(_db: Db, _username: string, _ip: string): Promise<void> {
  return Promise.resolve(); // nothing to add: the reserved row stays as this failure
}

/** A successful sign-in clears the account's failures, the reservation of this attempt included. */
export async function clearLoginFailures(db: Db, username: string): Promise<void> {
  await db.loginFailure.deleteMany({ where: { username: accountKey(username) } });
}
