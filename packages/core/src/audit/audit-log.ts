import type { Db, DbProvider, DbTransaction } from "@dockmaster/db";
import { auditHash, GENESIS_HASH, type AuditHashedFields } from "./canonical";
import { redactParams } from "./redact";
import { recordTerms } from "./terms";

export interface AuditEntry {
  actor: { type: "user" | "agent" | "system" | "anonymous"; id?: string | null; name?: string | null };
  ip?: string | null;
  userAgent?: string | null;
  action: string;
  hostId?: string | null;
  target?: { type: string; id?: string | null; name?: string | null } | null;
  params?: unknown;
  result: "ok" | "denied" | "error";
  error?: string | null;
  durationMs?: number | null;
  correlationId?: string | null;
}

// Any fixed number: several control-plane instances take the same PostgreSQL lock.
const AUDIT_CHAIN_LOCK = 7_301_001;

/**
 * Append-only, hash-chained audit trail. Appends are serialised (in-process queue, plus an
 * advisory lock on PostgreSQL across instances) so each record chains to its true predecessor.
 */
export class AuditLog {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly provider: DbProvider,
  ) {}

  append(entry: AuditEntry): Promise<number> {
    return this.enqueue(() => this.db.$transaction((tx) => this.writeIn(tx, entry)));
  }

  /**
   * Runs `work` in one database transaction together with the audit records it writes through
   * `record`: the change and its record are committed together, or neither is. Serialised with
   * every other append, so the chain stays in order. `work` must not call `append` (it would wait
   * for itself).
   */
  transaction<T>(work: (tx: DbTransaction, record: (entry: AuditEntry) => Promise<number>) => Promise<T>): Promise<T> {
    return this.enqueue(() => this.db.$transaction((tx) => work(tx, (entry) => this.writeIn(tx, entry)), { maxWait: 10_000, timeout: 30_000 }));
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async writeIn(tx: DbTransaction, entry: AuditEntry): Promise<number> {
    if (this.provider === "postgresql") await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
    const last = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
    const fields: AuditHashedFields = {
      seq: (last?.seq ?? 0) + 1,
      time: new Date(),
      actorType: entry.actor.type,
      actorId: entry.actor.id ?? null,
      actorName: entry.actor.name ?? null,
      ip: entry.ip ?? null,
      userAgent: entry.userAgent?.slice(0, 300) ?? null,
      action: entry.action,
      hostId: entry.hostId ?? null,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      targetName: entry.target?.name ?? null,
      params: redactParams(entry.params),
      result: entry.result,
      error: entry.error?.slice(0, 2_000) ?? null,
      durationMs: entry.durationMs == null ? null : Math.round(entry.durationMs),
      correlationId: entry.correlationId?.slice(0, 100) ?? null,
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    await tx.auditEvent.create({ data: { ...fields, hash: auditHash(fields) } });
    // Its words go to the search index in the same transaction (not part of the hash: derived data).
    const terms = recordTerms(fields);
    if (terms.length) await tx.auditTerm.createMany({ data: terms.map((term) => ({ term, seq: fields.seq })) });
    return fields.seq;
  }

  /**
   * Indexes the words of records written before the index existed (an upgrade), in batches.
   * Records already indexed are skipped, so running it again costs one query.
   */
  async indexMissingTerms(batch = 2_000): Promise<number> {
    let indexed = 0;
    for (;;) {
      const last = await this.db.auditTerm.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
      const rows = await this.db.auditEvent.findMany({ where: { seq: { gt: last?.seq ?? 0 } }, orderBy: { seq: "asc" }, take: batch });
      if (rows.length === 0) return indexed;
      // Every record has words (its action at least), so the last indexed seq marks progress.
      await this.db.auditTerm.createMany({ data: rows.flatMap((r) => recordTerms(r).map((term) => ({ term, seq: r.seq }))) });
      indexed += rows.length;
    }
  }

  /** Walks the chain in order; returns the first record whose link or hash does not hold. */
  async verify(): Promise<{ ok: true; count: number } | { ok: false; count: number; brokenAt: number; reason: string }> {
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let count = 0;
    for (let cursor = 0; ; ) {
      const page = await this.db.auditEvent.findMany({ where: { seq: { gt: cursor } }, orderBy: { seq: "asc" }, take: 1_000 });
      if (page.length === 0) return { ok: true, count };
      for (const row of page) {
        if (row.seq !== expectedSeq) return { ok: false, count, brokenAt: row.seq, reason: `expected record ${expectedSeq}, found ${row.seq} (missing or reordered)` };
        if (row.prevHash !== prevHash) return { ok: false, count, brokenAt: row.seq, reason: "prevHash does not match the previous record" };
        if (auditHash(row) !== row.hash) return { ok: false, count, brokenAt: row.seq, reason: "record content does not match its hash" };
        prevHash = row.hash;
        expectedSeq += 1;
        count += 1;
        cursor = row.seq;
      }
    }
  }
}
