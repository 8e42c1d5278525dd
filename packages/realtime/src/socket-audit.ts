import type { Socket } from "socket.io";
import type { Actor, AuditEntry, AuditLog } from "@dockmaster/core";
import type { Logger } from "./logger";

/**
 * Strings from a socket may hold anything JSON allows, lone UTF-16 surrogates included ("\ud800"),
 * which no database column takes: every string of the record is made well-formed (U+FFFD in
 * place of a lone surrogate) so the record is written with what was sent, as close as it can be.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const fix = (s: string) => s.replace(LONE_SURROGATE, "\uFFFD");

export function wellFormed<T>(value: T, depth = 0): T {
  if (typeof value === "string") return fix(value) as T;
  if (depth > 20 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v: unknown) => wellFormed(v, depth + 1)) as T;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [fix(k), wellFormed(v, depth + 1)])) as T;
}

/**
 * Appends an audit record for something a browser socket did (who, from where, with what result).
 * Never rejects: a record that cannot be written is logged as an error (never lost in silence).
 */
export async function auditFromSocket(audit: AuditLog, log: Logger, socket: Socket, actor: Actor, entry: Omit<AuditEntry, "actor" | "ip" | "userAgent">): Promise<void> {
  const record: AuditEntry = wellFormed({
    actor: { type: "user", id: actor.id, name: actor.username },
    ip: socket.handshake.address || null,
    userAgent: socket.handshake.headers["user-agent"] ?? null,
    ...entry,
  });
  try {
    await audit.append(record);
  } catch (error) {
    log.error("audit record not written", { action: record.action, actorId: actor.id, hostId: record.hostId ?? null, error: String(error) });
  }
}
