import type { Db } from "@dockmaster/db";
import { AppError } from "../errors";
import type { Actor } from "../authz/can";
import { builtInRoleId } from "../authz/catalogue";
import { loadAccess } from "../authz/load-access";
import { dummyPasswordHash, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from "./passwords";

export async function needsSetup(db: Db): Promise<boolean> {
  return (await db.user.count()) === 0;
}

async function toActor(db: Db, user: { id: string; username: string }): Promise<Actor> {
  return { kind: "user", id: user.id, username: user.username, access: await loadAccess(db, user.id) };
}

/** Creates the first admin. Refused once any user exists, so setup cannot be replayed later. */
export async function setupFirstAdmin(db: Db, username: string, password: string): Promise<Actor> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError("BAD_REQUEST", `password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const passwordHash = await hashPassword(password);
  const user = await db.$transaction(async (tx) => {
    if ((await tx.user.count()) > 0) throw new AppError("FORBIDDEN", "setup is already complete");
    const created = await tx.user.create({ data: { username, passwordHash } });
    await tx.grant.create({ data: { subjectType: "user", subjectId: created.id, roleId: builtInRoleId("admin"), scopeType: "global" } });
    return created;
  });
  return toActor(db, user);
}

/** The actor for an enabled user id (second login step), or null. */
export async function actorFor(db: Db, userId: string): Promise<Actor | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, username: true, disabledAt: true } });
  return user && !user.disabledAt ? toActor(db, user) : null;
}

/** Checks credentials; the same message (and similar timing) whether the user exists or not. */
export async function authenticate(db: Db, username: string, password: string): Promise<Actor> {
  const user = await db.user.findUnique({ where: { username } });
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!user || !ok || user.disabledAt) throw new AppError("UNAUTHORIZED", "invalid username or password");
  return toActor(db, user);
}
