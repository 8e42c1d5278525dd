import type { Db } from "@dockmaster/db";
import type { Actor } from "../authz/can";
import { hashToken, newToken } from "../secrets";
import { loadAccess } from "../authz/load-access";
import { getSettings } from "../identity/settings";

export const SESSION_COOKIE = "dm_session";
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000; // 12 h without activity
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000; // 7 days at most
const TOUCH_INTERVAL_MS = 60 * 1000; // write lastSeenAt at most once a minute

export interface ClientMeta {
  ip: string | null;
  userAgent: string | null;
}

/** A session signed in through an OpenID provider: sign-out also ends the provider's session. */
export interface SsoSessionOrigin {
  providerId: string;
  idTokenSealed: string | null;
}

/** Creates a session and returns the cookie token; only its hash is stored. */
export async function createSession(db: Db, userId: string, meta: ClientMeta, sso?: SsoSessionOrigin): Promise<string> {
  const token = newToken();
  const now = new Date();
  await db.session.create({
    data: {
      id: hashToken(token),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
      ssoProviderId: sso?.providerId ?? null,
      idTokenSealed: sso?.idTokenSealed ?? null,
    },
  });
  return token;
}

/** The actor behind a session token, or null if unknown, expired, idle too long or disabled. */
export async function resolveSession(db: Db, token: string | undefined | null): Promise<Actor | null> {
  if (!token || token.length > 100) return null;
  const id = hashToken(token);
  const session = await db.session.findUnique({ where: { id }, include: { user: true } });
  if (!session) return null;
  const now = Date.now();
  const idle = now - session.lastSeenAt.getTime() > SESSION_IDLE_MS;
  if (idle || session.expiresAt.getTime() <= now || session.user.disabledAt) {
    await db.session.deleteMany({ where: { id } });
    return null;
  }
  if (now - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.session.update({ where: { id }, data: { lastSeenAt: new Date(now) } });
  }
  const mustSetUpTwoFactor = !session.user.totpEnabledAt && (await getSettings(db)).requireTwoFactor;
  return { kind: "user", id: session.user.id, username: session.user.username, access: await loadAccess(db, session.user.id), mustSetUpTwoFactor };
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.session.deleteMany({ where: { id: hashToken(token) } });
}
