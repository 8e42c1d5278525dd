import type { Db } from "@dockmaster/db";
import { AppError } from "../errors";
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from "../auth/passwords";

function checkPassword(password: string) {
  if (password.length < MIN_PASSWORD_LENGTH) throw new AppError("BAD_REQUEST", `password must be at least ${MIN_PASSWORD_LENGTH} characters`);
}

export async function listUsers(db: Db) {
  const users = await db.user.findMany({
    orderBy: { username: "asc" },
    select: { id: true, username: true, email: true, createdAt: true, disabledAt: true, memberships: { select: { team: { select: { id: true, name: true } } } } },
  });
  return users.map(({ memberships, ...u }) => ({ ...u, teams: memberships.map((m) => m.team) }));
}

export async function createUser(db: Db, username: string, password: string) {
  checkPassword(password);
  if (await db.user.findUnique({ where: { username }, select: { id: true } })) throw new AppError("CONFLICT", `user ${username} already exists`);
  const user = await db.user.create({ data: { username, passwordHash: await hashPassword(password) }, select: { id: true, username: true } });
  return user;
}

async function existing(db: Db, userId: string) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, username: true, disabledAt: true } });
  if (!user) throw new AppError("NOT_FOUND", `user ${userId} not found`);
  return user;
}

/** Disabling ends every session of the user at once (the caller also closes their sockets). */
export async function setUserDisabled(db: Db, userId: string, disabled: boolean, actorId: string) {
  const user = await existing(db, userId);
  if (disabled && userId === actorId) throw new AppError("BAD_REQUEST", "you cannot disable yourself");
  await db.$transaction([
    db.user.update({ where: { id: userId }, data: { disabledAt: disabled ? new Date() : null } }),
    ...(disabled ? [db.session.deleteMany({ where: { userId } }), db.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } })] : []),
  ]);
  return { id: user.id, username: user.username };
}

/**
 * An admin sets (or clears) a user's email: what single sign-on links an existing account by, when a
 * provider allows linking and vouches for the email. Stored lower-case; one account per email.
 */
export async function setUserEmail(db: Db, userId: string, email: string | null) {
  const user = await existing(db, userId);
  const normalized = email?.trim().toLowerCase() || null;
  if (normalized) {
    const other = await db.user.findFirst({ where: { email: normalized, id: { not: userId } }, select: { username: true } });
    if (other) throw new AppError("CONFLICT", `the email ${normalized} is already set on user ${other.username}`);
  }
  await db.user.update({ where: { id: userId }, data: { email: normalized } });
  return { id: user.id, username: user.username, email: normalized };
}

/** An admin sets a new password; the user's sessions end and their API tokens are revoked (the account may have been taken over). */
export async function resetPassword(db: Db, userId: string, password: string) {
  checkPassword(password);
  const user = await existing(db, userId);
  await db.$transaction([
    db.user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(password) } }),
    db.session.deleteMany({ where: { userId } }),
    db.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } }),
  ]);
  return { id: user.id, username: user.username };
}

/** The user changes their own password; their other sessions end. */
export async function changeOwnPassword(db: Db, userId: string, current: string, next: string, keepSessionId: string | null) {
  checkPassword(next);
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  if (!(await verifyPassword(user.passwordHash, current))) throw new AppError("FORBIDDEN", "the current password is not correct");
  await db.$transaction([
    db.user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(next) } }),
    db.session.deleteMany({ where: { userId, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) } }),
  ]);
}
