import type { Db } from "@dockmaster/db";
import { AppError } from "../errors";
import { hashToken } from "../secrets";

/** A user's sessions, the current one marked; ids are the stored hashes, never cookie tokens. */
export async function listSessions(db: Db, userId: string, currentToken: string | null) {
  const current = currentToken ? hashToken(currentToken) : null;
  const rows = await db.session.findMany({ where: { userId }, orderBy: { lastSeenAt: "desc" }, select: { id: true, createdAt: true, lastSeenAt: true, expiresAt: true, ip: true, userAgent: true } });
  return rows.map((r) => ({ ...r, current: r.id === current }));
}

export async function revokeSession(db: Db, userId: string, sessionId: string) {
  const deleted = await db.session.deleteMany({ where: { id: sessionId, userId } });
  if (deleted.count === 0) throw new AppError("NOT_FOUND", "session not found");
  return { id: sessionId };
}
