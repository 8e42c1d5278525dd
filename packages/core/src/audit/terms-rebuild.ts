import { randomUUID } from "node:crypto";
import { setImmediate as nextTurn, setTimeout as sleep } from "node:timers/promises";
import type { Db, DbProvider, DbTransaction } from "@dockmaster/db";
import { recordTerms, SEARCH_TERMS_VERSION } from "./terms";

/**
 * Rebuilds the audit search index (AuditTerm) of every record from its words under the current
 * rules (terms.ts: from the REDACTED view of its params), once per SEARCH_TERMS_VERSION. Records
 * written before the redaction rule keep their stored params (their hash covers them), but their
 * words — env values, two-factor codes — leave the index. Terms are not hashed: the chain is
 * untouched. Also indexes records that have no words yet (a trail from before the index).
 *
 * Progress is a Setting row ("auditSearchTerms": version, last seq done, owner and lease), moved
 * forward by one short transaction per batch, so a trail of millions of records never holds one
 * giant transaction, the event loop gets a turn between batches, and a stop (or crash) resumes
 * where it was. Several instances starting at once: the first to take a batch holds a lease
 * (renewed each batch); the others wait for it to finish (or take over when it stops renewing).
 * On PostgreSQL each batch takes an advisory lock to read and move the progress row.
 */
export const SEARCH_TERMS_SETTING = "auditSearchTerms";
// Any fixed number (next to the chain's 7_301_001 and the migrations' 7_301_000).
const TERMS_LOCK = 7_301_002;

interface Progress {
  version: number;
  /** Every record up to this seq is indexed under `version`. */
  through: number;
  done: boolean;
  owner: string | null;
  /** Epoch ms: another instance waits until then before taking over. */
  leaseUntil: number;
}

export interface TermsRebuildOptions {
  /** Records per transaction (default 1,000). */
  batch?: number;
  /** How long an instance holds the rebuild without renewing it (default 30 s). */
  leaseMs?: number;
  /** Stops between batches (the progress is kept; the next start resumes). */
  signal?: AbortSignal;
  /** After each batch this instance did. */
  onBatch?: (info: { records: number; through: number; ms: number }) => void;
}

export interface TermsRebuildResult {
  /** Records this instance re-indexed (0: already at this version, or another instance did it). */
  rebuilt: number;
  version: number;
  /** False when stopped by the signal before the index was complete. */
  complete: boolean;
}

type Step = { state: "done" } | { state: "busy"; waitMs: number } | { state: "batch"; records: number; through: number; last: boolean };

function readProgress(value: string | undefined): Progress | null {
  if (!value) return null;
  try {
    const p = JSON.parse(value) as Partial<Progress>;
    if (typeof p.version !== "number" || typeof p.through !== "number") return null;
    return { version: p.version, through: p.through, done: p.done === true, owner: typeof p.owner === "string" ? p.owner : null, leaseUntil: typeof p.leaseUntil === "number" ? p.leaseUntil : 0 };
  } catch {
    return null;
  }
}

async function step(tx: DbTransaction, provider: DbProvider, me: string, batch: number, leaseMs: number): Promise<Step> {
  if (provider === "postgresql") await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${TERMS_LOCK})`);
  const row = await tx.setting.findUnique({ where: { key: SEARCH_TERMS_SETTING } });
  const found = readProgress(row?.value);
  const progress = found?.version === SEARCH_TERMS_VERSION ? found : null; // another version: from the start
  if (progress?.done) return { state: "done" };
  const now = Date.now();
  if (progress?.owner && progress.owner !== me && progress.leaseUntil > now) return { state: "busy", waitMs: progress.leaseUntil - now };
  const from = progress?.through ?? 0;
  const rows = await tx.auditEvent.findMany({
    where: { seq: { gt: from } },
    orderBy: { seq: "asc" },
    take: batch,
    select: { seq: true, action: true, actorName: true, targetType: true, targetId: true, targetName: true, params: true, error: true },
  });
  // Up to the last record READ, not from + batch: a record committed meanwhile has a higher seq
  // (seqs are taken in order under the chain's lock) and is left to the next batch.
  const through = rows.length ? rows[rows.length - 1]!.seq : from;
  if (rows.length) {
    await tx.auditTerm.deleteMany({ where: { seq: { gt: from, lte: through } } });
    await tx.auditTerm.createMany({ data: rows.flatMap((r) => recordTerms(r).map((term) => ({ term, seq: r.seq }))) });
  }
  const last = rows.length < batch;
  const next: Progress = { version: SEARCH_TERMS_VERSION, through, done: last, owner: last ? null : me, leaseUntil: last ? 0 : now + leaseMs };
  const value = JSON.stringify(next);
  await tx.setting.upsert({ where: { key: SEARCH_TERMS_SETTING }, create: { key: SEARCH_TERMS_SETTING, value }, update: { value } });
  return { state: "batch", records: rows.length, through, last };
}

/** Runs the rebuild to its end (or until `signal`); a no-op costing one read when the index is at this version. */
export async function rebuildSearchTerms(db: Db, provider: DbProvider, options: TermsRebuildOptions = {}): Promise<TermsRebuildResult> {
  const batch = options.batch ?? 1_000;
  const leaseMs = options.leaseMs ?? 30_000;
  const me = randomUUID();
  let rebuilt = 0;
  for (;;) {
    if (options.signal?.aborted) return { rebuilt, version: SEARCH_TERMS_VERSION, complete: false };
    const started = performance.now();
    const result = await db.$transaction((tx) => step(tx, provider, me, batch, leaseMs), { maxWait: 10_000, timeout: 60_000 });
    if (result.state === "done") return { rebuilt, version: SEARCH_TERMS_VERSION, complete: true };
    if (result.state === "busy") {
      // Another instance is at it: look again soon (done, or its lease ran out: it stopped renewing).
      await sleep(Math.min(result.waitMs + 50, 1_000), undefined, { signal: options.signal }).catch(() => undefined);
      continue;
    }
    rebuilt += result.records;
    options.onBatch?.({ records: result.records, through: result.through, ms: performance.now() - started });
    if (result.last) return { rebuilt, version: SEARCH_TERMS_VERSION, complete: true };
    await nextTurn(); // the event loop's turn between batches
  }
}
