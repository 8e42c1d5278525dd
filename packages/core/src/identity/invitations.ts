import type { Db } from "@dockmaster/db";
import { AppError } from "../errors";
import { hashToken, newToken } from "../secrets";
import { hashPassword, MIN_PASSWORD_LENGTH } from "../auth/passwords";

const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Creates the user without a usable password and a one-time invitation. The token is returned once
 * (it goes in the link's #fragment, which browsers never send to servers or logs).
 */
export async function inviteUser(db: Db, username: string, createdById: string) {
  if (await db.user.findUnique({ where: { username }, select: { id: true } })) throw new AppError("CONFLICT", `user ${username} already exists`);
  const token = newToken();
  const user = await db.$transaction(async (tx) => {
    const created = await tx.user.create({ data: { username, passwordHash: "!invited" }, select: { id: true, username: true } });
    await tx.invitation.create({ data: { tokenHash: hashToken(token), userId: created.id, createdById, expiresAt: new Date(Date.now() + INVITATION_TTL_MS) } });
    return created;
  });
  return { user, token };
}

/** The invited user sets their password; the invitation is spent in the same transaction. */
export async function acceptInvitation(db: Db, token: string, password: string) {
  if (password.length < MIN_PASSWORD_LENGTH) throw new AppError("BAD_REQUEST", `password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  const invitation = await db.invitation.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!invitation || invitation.usedAt || invitation.expiresAt.getTime() <= Date.now()) throw new AppError("FORBIDDEN", "this invitation is not valid (used, expired or unknown)");
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const spent = await tx.invitation.updateMany({ where: { id: invitation.id, usedAt: null }, data: { usedAt: new Date() } });
    if (spent.count !== 1) throw new AppError("FORBIDDEN", "this invitation is not valid (used, expired or unknown)");
    return tx.user.update({ where: { id: invitation.userId }, data: { passwordHash }, select: { id: true, username: true } });
  });
}
