import type { Namespace } from "socket.io";
import { hashToken } from "@dockmaster/core";
import type { Db } from "@dockmaster/db";
import type { Logger } from "./logger";

const CHUNK = 500;

/**
 * Closes the open /ui sockets of this instance whose session ended — logout, a revoked session, a
 * password changed elsewhere, a disabled user, an expiry — even when the socket sends nothing (a
 * tab that only listens keeps receiving live events otherwise). One query per sweep for all the
 * sockets here, by session id; every instance sweeps its own sockets, so it holds cluster-wide.
 */
export function watchSessions(nsp: Namespace, db: Db, log: Logger, everyMs: number): () => void {
  let running = false;
  const sweep = async () => {
    const byToken = new Map<string, Array<{ disconnect(close: boolean): unknown }>>();
    for (const socket of nsp.sockets.values()) {
      const token = (socket.data as { sessionToken?: string }).sessionToken;
      if (!token) continue;
      const id = hashToken(token);
      byToken.set(id, [...(byToken.get(id) ?? []), socket]);
    }
    const ids = [...byToken.keys()];
    const now = Date.now();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const alive = await db.session.findMany({ where: { id: { in: chunk } }, select: { id: true, expiresAt: true, user: { select: { disabledAt: true } } } });
      const valid = new Set(alive.filter((s) => s.expiresAt.getTime() > now && !s.user.disabledAt).map((s) => s.id));
      for (const id of chunk) if (!valid.has(id)) for (const socket of byToken.get(id) ?? []) socket.disconnect(true);
    }
  };
  const timer = setInterval(() => {
    if (running || nsp.sockets.size === 0) return;
    running = true;
    sweep()
      .catch((error: unknown) => log.error("ui session sweep failed", { error: String(error) }))
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
