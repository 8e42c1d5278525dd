import { createHash } from "node:crypto";

/** The fields covered by an audit record's hash, in a fixed order. */
export interface AuditHashedFields {
  seq: number;
  time: Date;
  actorType: string;
  actorId: string | null;
  actorName: string | null;
  ip: string | null;
  userAgent: string | null;
  action: string;
  hostId: string | null;
  targetType: string | null;
  targetId: string | null;
  targetName: string | null;
  params: string;
  result: string;
  error: string | null;
  durationMs: number | null;
  correlationId: string | null;
  prevHash: string;
}

export const GENESIS_HASH = "0".repeat(64);

/** SHA-256 over a canonical JSON array (fixed field order, ISO time) chained to prevHash. */
export function auditHash(r: AuditHashedFields): string {
  const canonical = JSON.stringify([
    r.seq,
    r.time.toISOString(),
    r.actorType,
    r.actorId,
    r.actorName,
    r.ip,
    r.userAgent,
    r.action,
    r.hostId,
    r.targetType,
    r.targetId,
    r.targetName,
    r.params,
    r.result,
    r.error,
    r.durationMs,
    r.prevHash,
    // Appended only when present, so records written before the column existed still verify.
    ...(r.correlationId ? [r.correlationId] : []),
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}
