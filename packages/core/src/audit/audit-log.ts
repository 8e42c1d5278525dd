import type { Db, DbProvider, DbTransaction } from "@dockmaster/db";
import { AnchorSigner, type SignedAuditAnchor } from "./anchor";
import { auditHash, GENESIS_HASH, type AuditHashedFields } from "./canonical";
import { redactParams } from "./redact";
import { recordTerms } from "./terms";
import { verifyAuditChain, type AuditVerifyResult } from "./verify";
import { wellFormed, wellFormedOrNull } from "./well-formed";

// The anchor file format and the verification result, for audit:verify and the UI (exported from
// here so the package's index needs no change).
export { ANCHOR_FORMAT, anchorFileText, parseAnchorFile, type SignedAuditAnchor } from "./anchor";
export type { AuditVerifyResult } from "./verify";
export { rebuildSearchTerms, SEARCH_TERMS_SETTING, type TermsRebuildOptions, type TermsRebuildResult } from "./terms-rebuild";

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

/** Where the audit log reports what it cannot do (a record or an anchor not written). */
export interface AuditLogger {
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface AuditLogOptions {
  /** The server's 32-byte secret key: anchors are signed with a key derived from it. Without it, none are written or checked. */
  secretKey?: Buffer;
  /** Anchor the head at once after this many records since this instance's last anchor (default 100). */
  anchorEvery?: number;
  /**
   * Anchor the head at most this long after a record (default 5,000 ms): an idle tail is anchored
   * too. Under a steady trickle of records that is one anchor per 5 s per instance at most; under
   * load, one per `anchorEvery` records. The running instance itself also remembers its newest
   * record, so its verify() sees a cut inside that window too.
   */
  anchorDelayMs?: number;
  log?: AuditLogger;
  /** Told of each refusal once its record is written (alerts count repeated denials of one user). */
  onDenied?: (entry: AuditEntry) => void;
}

const consoleLogger: AuditLogger = {
  error: (message, fields) => process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: "error", component: "audit", message, ...fields })}\n`),
};

// Any fixed number: several control-plane instances take the same PostgreSQL lock.
const AUDIT_CHAIN_LOCK = 7_301_001;

/**
 * Append-only, hash-chained audit trail. Appends are serialised (in-process queue, plus an
 * advisory lock on PostgreSQL across instances) so each record chains to its true predecessor.
 * With the server's secret key, the head is anchored (anchor.ts): every `anchorEvery` records and
 * `anchorDelayMs` after the last one, so cutting records off the end is detected by verify().
 * Every string of a record is made well-formed before it is hashed and stored; a record that
 * cannot be written is logged as an error and its caller's promise rejected, never swallowed.
 */
export class AuditLog {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly signer: AnchorSigner | null;
  private readonly log: AuditLogger;
  private readonly anchorEvery: number;
  private readonly anchorDelayMs: number;
  private readonly onDenied: (entry: AuditEntry) => void;
  /** The newest record this instance wrote or anchored: the chain's head must never fall below it. */
  private witnessSeq = 0;
  /** The newest record this instance anchored. */
  private anchoredSeq = 0;
  private anchorTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly writtenListeners: Array<() => void> = [];
  /** "The head went backwards" is logged once per process, not for each record after the cut. */
  private backwardsReported = false;

  constructor(
    private readonly db: Db,
    private readonly provider: DbProvider,
    options: AuditLogOptions = {},
  ) {
    this.signer = options.secretKey ? new AnchorSigner(options.secretKey) : null;
    this.log = options.log ?? consoleLogger;
    this.anchorEvery = options.anchorEvery ?? 100;
    this.anchorDelayMs = options.anchorDelayMs ?? 5_000;
    this.onDenied = options.onDenied ?? (() => undefined);
  }

  append(entry: AuditEntry): Promise<number> {
    return this.enqueue(() => this.db.$transaction((tx) => this.writeIn(tx, entry))).then(
      (seq) => {
        // Denials are appended (never part of a committed change): this is where each one is told.
        if (entry.result === "denied") this.onDenied(entry);
        return this.written(seq);
      },
      (error: unknown) => this.lost(entry, error),
    );
  }

  /**
   * Runs `work` in one database transaction together with the audit records it writes through
   * `record`: the change and its record are committed together, or neither is. Serialised with
   * every other append, so the chain stays in order. `work` must not call `append` (it would wait
   * for itself).
   */
  transaction<T>(work: (tx: DbTransaction, record: (entry: AuditEntry) => Promise<number>) => Promise<T>): Promise<T> {
    let newest = 0;
    const record = (tx: DbTransaction) => (entry: AuditEntry) =>
      this.writeIn(tx, entry).then(
        (seq) => (newest = seq),
        (error: unknown) => this.lost(entry, error),
      );
    return this.enqueue(() => this.db.$transaction((tx) => work(tx, record(tx)), { maxWait: 10_000, timeout: 30_000 })).then((result) => {
      if (newest) this.written(newest);
      return result;
    });
  }

  /**
   * Anchors the current head now (serialised with the appends): the signed anchor, or null when
   * there is no key or no record. Called by the timer, by audit:verify, and on close.
   */
  anchorHead(): Promise<SignedAuditAnchor | null> {
    return this.enqueue(() => this.writeAnchor());
  }

  /** Walks the chain in order and checks it against its anchors (verify.ts); `exported`: anchors an operator kept. */
  async verify(exported: SignedAuditAnchor[] = []): Promise<AuditVerifyResult> {
    const result = await verifyAuditChain(this.db, { signer: this.signer, witnessSeq: this.witnessSeq, exported });
    // A verified head not anchored yet is anchored after the verification (not inside it: the
    // caller may hold a transaction of the queue, which the anchor would wait for).
    if (result.ok && result.head && result.head.seq !== result.anchoredSeq) this.scheduleAnchor(0);
    return result;
  }

  /** Stops the anchor timer and anchors what is not anchored yet; call before closing the database. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.anchorTimer) clearTimeout(this.anchorTimer);
    this.anchorTimer = null;
    if (this.signer && this.witnessSeq > this.anchoredSeq) await this.anchorHead().catch((error: unknown) => this.anchorFailed(error));
    await this.queue;
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** After a commit: remembered as the head this instance saw, and anchored soon (at once every anchorEvery records). */
  /**
   * Calls `listener` after records are written (a mutation, a denial, a sign-in …): the control
   * plane tells open overviews that recent operations and denials changed. Never throws into the writer.
   */
  onWritten(listener: () => void): void {
    this.writtenListeners.push(listener);
  }

  private written(seq: number): number {
    for (const listener of this.writtenListeners) {
      try {
        listener();
      } catch (error) {
        this.log.error("audit listener failed", { error: String(error) });
      }
    }
    this.witnessSeq = Math.max(this.witnessSeq, seq);
    if (this.signer) this.scheduleAnchor(seq - this.anchoredSeq >= this.anchorEvery ? 0 : this.anchorDelayMs);
    return seq;
  }

  private lost(entry: AuditEntry, error: unknown): never {
    this.log.error("audit record NOT written", {
      action: wellFormed(String(entry.action)).slice(0, 200),
      actor: wellFormedOrNull(entry.actor.name ?? entry.actor.id ?? entry.actor.type, 200),
      result: entry.result,
      hostId: wellFormedOrNull(entry.hostId, 200),
      error: wellFormed(error instanceof Error ? error.message : String(error)).slice(0, 2_000),
    });
    throw error;
  }

  private scheduleAnchor(delayMs: number): void {
    if (!this.signer || this.closed) return;
    if (this.anchorTimer) {
      if (delayMs > 0) return; // one is due anyway
      clearTimeout(this.anchorTimer);
    }
    this.anchorTimer = setTimeout(() => {
      this.anchorTimer = null;
      this.anchorHead().catch((error: unknown) => this.anchorFailed(error));
    }, delayMs);
    this.anchorTimer.unref();
  }

  private anchorFailed(error: unknown): void {
    this.log.error("audit anchor NOT written", { error: error instanceof Error ? error.message : String(error) });
  }

  private async writeAnchor(): Promise<SignedAuditAnchor | null> {
    const signer = this.signer;
    if (!signer) return null;
    const anchor = await this.db.$transaction(async (tx) => {
      if (this.provider === "postgresql") await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
      const head = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
      if (!head) return null;
      const newest = await tx.auditAnchor.findFirst({ orderBy: { id: "desc" } });
      if (newest && newest.seq === head.seq && newest.hash === head.hash) return newest;
      if (newest && newest.seq > head.seq) {
        // Written anyway (linked to it): the older anchor stays, and verify() reports the cut.
        this.log.error("audit head went backwards", { anchoredSeq: newest.seq, headSeq: head.seq, missing: newest.seq - head.seq });
      }
      const signed = signer.sign({ seq: head.seq, count: head.seq, hash: head.hash, time: new Date(), prevSignature: newest?.signature ?? null });
      await tx.auditAnchor.create({ data: signed });
      return signed;
    });
    if (anchor) {
      this.anchoredSeq = Math.max(this.anchoredSeq, anchor.seq);
      this.witnessSeq = Math.max(this.witnessSeq, anchor.seq);
    }
    return anchor;
  }

  private async writeIn(tx: DbTransaction, entry: AuditEntry): Promise<number> {
    if (this.provider === "postgresql") await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
    const last = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
    if (last && last.seq < this.witnessSeq && !this.backwardsReported) {
      this.backwardsReported = true;
      this.log.error("audit head went backwards", { headSeq: last.seq, writtenSeq: this.witnessSeq, missing: this.witnessSeq - last.seq });
    }
    // Every string well-formed (a lone surrogate made the database refuse the whole record).
    const fields: AuditHashedFields = {
      seq: (last?.seq ?? 0) + 1,
      time: new Date(),
      actorType: wellFormed(entry.actor.type),
      actorId: wellFormedOrNull(entry.actor.id),
      actorName: wellFormedOrNull(entry.actor.name),
      ip: wellFormedOrNull(entry.ip),
      userAgent: wellFormedOrNull(entry.userAgent, 300),
      action: wellFormed(entry.action),
      hostId: wellFormedOrNull(entry.hostId),
      targetType: wellFormedOrNull(entry.target?.type),
      targetId: wellFormedOrNull(entry.target?.id),
      targetName: wellFormedOrNull(entry.target?.name),
      params: redactParams(entry.params),
      result: entry.result,
      error: wellFormedOrNull(entry.error, 2_000),
      durationMs: entry.durationMs == null ? null : Math.round(entry.durationMs),
      correlationId: wellFormedOrNull(entry.correlationId, 100),
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    await tx.auditEvent.create({ data: { ...fields, hash: auditHash(fields) } });
    // Its words (of the redacted params) go to the search index in the same transaction (not part
    // of the hash: derived data).
    const terms = recordTerms(fields);
    if (terms.length) await tx.auditTerm.createMany({ data: terms.map((term) => ({ term, seq: fields.seq })) });
    return fields.seq;
  }
}
