import type { Socket } from "socket.io";
import type { Actor, AuditEntry, AuditLog } from "@dockmaster/core";

/** Appends an audit record for something a browser socket did (who, from where, with what result). */
export function auditFromSocket(audit: AuditLog, socket: Socket, actor: Actor, entry: Omit<AuditEntry, "actor" | "ip" | "userAgent">): Promise<number> {
  return audit.append({
    actor: { type: "user", id: actor.id, name: actor.username },
    ip: socket.handshake.address || null,
    userAgent: socket.handshake.headers["user-agent"] ?? null,
    ...entry,
  });
}
