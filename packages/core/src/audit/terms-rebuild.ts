import { randomUUID } from "node:crypto";
import { setImmediate as nextTurn, setTimeout as sleep } from "node:timers/promises";
import type { Db, DbProvider, DbTransaction, SqliteConnection } from "@dockmaster/db";
import { recordTerms, SEARCH_TERMS_VERSION } from "./terms";
import { replaceTerms } from "./terms-store";

/**
 * Rebuilds the audit search index (AuditTerm) of every record from its words under the current
 * rules (terms.ts: from the REDACTED view of its params), once per SEARCH_TERMS_VERSION. Records
 * written before the redaction rule keep their stored params (their hash covers them), but their
 * words — env values, two-factor codes — leave the index. Terms are not hashed: the chain is
 * untouched. Also indexes records that have no words yet (a trail from before the index).
 *
 * Progress is a Setting row ("auditSearchTerms": version, last seq done, owner and lease), moved
 * forward after each batch, so a trail of millions of records never holds one giant transaction,
 * the event loop gets a turn between batches, and a stop (or crash) resumes where it was. The
 * words of a batch are replaced in one transaction off Prisma (terms-store.ts). Several instances
 * starting at once: the first to claim holds a lease (renewed each batch); the others wait for it
 * to finish, or take over when it stops renewing. The progress row is read and written under a
 * PostgreSQL advisory lock (SQLite: its write lock); a batch done twice gives the same words.
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
  /** SQLite: the connection, so the words are written on the server's writer thread (createDatabase's sqliteConnection). */
  sqliteConnection?: () => SqliteConnection | null;
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

type Claim = { state: "done" } | { state: "busy"; waitMs: number } | { state: "mine"; from: number };

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

/** The progress under this rules version (another version's: start over), read under the lock. */
async function progressIn(tx: DbTransaction, provider: DbProvider): Promise<Progress | null> {
  if (provider === "postgresql") await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${TERMS_LOCK})`);
  const found = readProgress((await tx.setting.findUnique({ where: { key: SEARCH_TERMS_SETTING } }))?.value);
  return found?.version === SEARCH_TERMS_VERSION ? found : null;
}

async function writeProgress(tx: DbTransaction, progress: Progress): Promise<void> {
  const value = JSON.stringify(progress);
  await tx.setting.upsert({ where: { key: SEARCH_TERMS_SETTING }, create: { key: SEARCH_TERMS_SETTING, value }, update: { value } });
}

/** Done, held by another instance, or now this one's (its lease taken or renewed) from a seq on. */
async function claim(tx: DbTransaction, provider: DbProvider, me: string, leaseMs: number): Promise<Claim> {
  const progress = await progressIn(tx, provider);
  if (progress?.done) return { state: "done" };
  const now = Date.now();
  if (progress?.owner && progress.owner !== me && progress.leaseUntil > now) return { state: "busy", waitMs: progress.leaseUntil - now };
  const from = progress?.through ?? 0;
  await writeProgress(tx, { version: SEARCH_TERMS_VERSION, through: from, done: false, owner: me, leaseUntil: now + leaseMs });
  return { state: "mine", from };
}

/** Records the batch done; false (nothing written) when another instance took the rebuild over meanwhile. */
async function advance(tx: DbTransaction, provider: DbProvider, me: string, leaseMs: number, through: number, done: boolean): Promise<boolean> {
  const progress = await progressIn(tx, provider);
  if (progress && progress.owner !== me) return false;
  await writeProgress(tx, { version: SEARCH_TERMS_VERSION, through, done, owner: done ? null : me, leaseUntil: done ? 0 : Date.now() + leaseMs });
  return true;
}

async function release(tx: DbTransaction, provider: DbProvider, me: string): Promise<void> {
  const progress = await progressIn(tx, provider);
  if (progress?.owner === me) await writeProgress(tx, { ...progress, owner: null, leaseUntil: 0 });
}

/** Runs the rebuild to its end (or until `signal`); a no-op costing one read when the index is at this version. */
export async function rebuildSearchTerms(db: Db, provider: DbProvider, options: TermsRebuildOptions = {}): Promise<TermsRebuildResult> {
  const batch = options.batch ?? 1_000;
  const leaseMs = options.leaseMs ?? 30_000;
  const me = randomUUID();
  const connection = options.sqliteConnection ?? (() => null);
  const small = { maxWait: 10_000, timeout: 30_000 };
  let rebuilt = 0;
  for (;;) {
    if (options.signal?.aborted) {
      // Stopped (the server closes): the lease is let go, so the next start resumes at once.
      await db.$transaction((tx) => release(tx, provider, me), small);
      return { rebuilt, version: SEARCH_TERMS_VERSION, complete: false };
    }
    const started = performance.now();
    const claimed = await db.$transaction((tx) => claim(tx, provider, me, leaseMs), small);
    if (claimed.state === "done") return { rebuilt, version: SEARCH_TERMS_VERSION, complete: true };
    if (claimed.state === "busy") {
      // Another instance is at it: look again soon (done, or its lease ran out: it stopped renewing).
      await sleep(Math.min(claimed.waitMs + 50, 1_000), undefined, { signal: options.signal }).catch(() => undefined);
      continue;
    }
    const rows = await db.auditEvent.findMany({
      where: { seq: { gt: claimed.from } },
      orderBy: { seq: "asc" },
      take: batch,
      select: { seq: true, action: true, actorName: true, targetType: true, targetId: true, targetName: true, params: true, error: true },
    });
    // Up to the last record READ, not from + batch: a record committed meanwhile has a higher seq
    // (seqs are taken in order under the chain's lock) and is left to the next batch.
    const through = rows.length ? rows[rows.length - 1]!.seq : claimed.from;
    if (rows.length) await replaceTerms(db, connection(), { after: claimed.from, through }, rows.flatMap((r) => recordTerms(r).map((term) => ({ term, seq: r.seq }))));
    const last = rows.length < batch;
    if (!(await db.$transaction((tx) => advance(tx, provider, me, leaseMs, through, last), small))) continue;
    rebuilt += rows.length;
    options.onBatch?.({ records: rows.length, through, ms: performance.now() - started });
    if (last) return { rebuilt, version: SEARCH_TERMS_VERSION, complete: true };
    await nextTurn(); // the event loop's turn between batches
  }
}
