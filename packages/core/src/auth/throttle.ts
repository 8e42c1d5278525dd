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
 * One sign-in attempt, counted from the moment it began. The caller says how it ended:
 *   failed()          a wrong password or a wrong second-factor code: the attempt stays counted
 *   passedPassword()  a right password that moves on to the second-factor step: not a failure
 *                     (the code step is an attempt of its own, counted the same way)
 *   succeeded()       signed in: the account's failures are cleared, this attempt's included
 * An attempt left unsettled (an error on the way) stays counted, as a failure would.
 */
export interface LoginAttempt {
  failed(): Promise<void>;
  passedPassword(): Promise<void>;
  succeeded(): Promise<void>;
}

/**
 * Begins a sign-in attempt, refusing it (TOO_MANY_REQUESTS) while the account or the source IP
 * is throttled. Stored in the database so every control-plane instance sees the same counts.
 *
 * The attempt is counted BEFORE it is judged: a row is reserved first, then the other rows are
 * counted. Of two attempts evaluated at the same time (a batch, parallel requests, two instances)
 * at least one sees the other's row, so N+1 simultaneous attempts can never all see fewer than N
 * and the back-off holds however the attempts arrive. The reserved row is removed if the attempt
 * is refused here or turns out not to be a failure, and stays as the failure record otherwise.
 */
export async function beginLoginAttempt(db: Db, username: string, ip: string, now = Date.now()): Promise<LoginAttempt> {
  const since = new Date(now - HOUR);
  const account = accountKey(username);
  const reserved = await db.loginFailure.create({ data: { username: account, ip, time: new Date(now) }, select: { id: true } });
  const withdraw = async () => {
    await db.loginFailure.deleteMany({ where: { id: reserved.id } });
  };
  const others = { id: { not: reserved.id } };
  const [byAccount, byIp, last] = await Promise.all([
    db.loginFailure.count({ where: { username: account, time: { gte: since }, ...others } }),
    db.loginFailure.count({ where: { ip, time: { gte: since }, ...others } }),
    db.loginFailure.findFirst({ where: { username: account, ...others }, orderBy: { time: "desc" }, select: { time: true } }),
  ]);
  const refuse = async (message: string) => {
    await withdraw();
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
  return {
    failed: () => Promise.resolve(), // the reserved row is the failure record
    passedPassword: withdraw,
    succeeded: async () => {
      await db.loginFailure.deleteMany({ where: { username: account } });
    },
  };
}
