import type { Db, Prisma } from "@dockmaster/db";
import { shownParams } from "./shown-params";
import { recordTerms, termsOf, type SearchedFields } from "./terms";

export { shownParams } from "./shown-params";

export interface AuditFilter {
  actor?: string;
  hostId?: string;
  action?: string;
  result?: "ok" | "denied" | "error";
  from?: Date;
  to?: Date;
  text?: string;
}

function where(f: AuditFilter): Prisma.AuditEventWhereInput {
  const and: Prisma.AuditEventWhereInput[] = [];
  if (f.actor) and.push({ OR: [{ actorName: f.actor }, { actorId: f.actor }] });
  if (f.hostId) and.push({ hostId: f.hostId });
  if (f.action) and.push({ action: { startsWith: f.action } });
  if (f.result) and.push({ result: f.result });
  if (f.from || f.to) and.push({ time: { gte: f.from, lte: f.to } });
  return and.length ? { AND: and } : {}; // `text` is a word search: see searchRecords

}

const FIRST_BATCH = 200;
const MAX_BATCH = 5_000;
const IN_CHUNK = 500; // SQLite takes at most 999 parameters per query

/** Seqs of the records holding `term`, newest first, below `before`. */
async function termSeqs(db: Db, term: string, before: number | undefined, take: number): Promise<number[]> {
  const rows = await db.auditTerm.findMany({ where: { term, ...(before ? { seq: { lt: before } } : {}) }, orderBy: { seq: "desc" }, take, select: { seq: true } });
  return rows.map((r) => r.seq);
}

/** The seqs among `seq` (a short list, or a range: no parameter limit) that `where` selects. */
async function selectedSeqs(db: Db, where: Prisma.AuditEventWhereInput, seq: Prisma.IntFilter): Promise<Set<number>> {
  const rows = await db.auditEvent.findMany({ where: { AND: [where, { seq }] }, select: { seq: true } });
  return new Set(rows.map((r) => r.seq));
}

/**
 * Records containing every word of `text` that also match `rest`, newest first, below
 * `beforeSeq`. Driven by the word index: the rarest word gives candidates a batch at a time
 * (growing batches), the other words and filters are checked over the same seq range, so a search
 * matching little or nothing costs a few index reads instead of a scan of every record.
 */
async function searchRecords(db: Db, text: string, rest: Prisma.AuditEventWhereInput, beforeSeq: number | undefined, want: number) {
  const terms = termsOf(text);
  if (terms.length === 0) return [];
  const probes = await Promise.all(terms.map(async (term) => ({ term, seqs: await termSeqs(db, term, beforeSeq, FIRST_BATCH) })));
  probes.sort((a, b) => a.seqs.length - b.seqs.length);
  const lead = probes[0]!.term;
  const others = probes.slice(1).map((p) => p.term);
  const filtered = Object.keys(rest).length > 0;
  const matched: number[] = [];
  let batch = probes[0]!.seqs;
  let size = FIRST_BATCH;
  while (batch.length > 0 && matched.length < want) {
    const hi = batch[0]!;
    const lo = batch[batch.length - 1]!;
    let candidates = batch;
    // Few candidates: ask for exactly them; many: read the range (no parameter limit).
    const among = () => (candidates.length <= IN_CHUNK ? { in: candidates } : { gte: lo, lte: hi });
    for (const other of others) {
      if (candidates.length === 0) break;
      const found = new Set((await db.auditTerm.findMany({ where: { term: other, seq: among() }, select: { seq: true } })).map((r) => r.seq));
      candidates = candidates.filter((s) => found.has(s));
    }
    if (candidates.length && filtered) {
      const allowed = await selectedSeqs(db, rest, among());
      candidates = candidates.filter((s) => allowed.has(s));
    }
    matched.push(...candidates);
    if (batch.length < size) break; // the lead word has no more records
    size = Math.min(size * 4, MAX_BATCH);
    batch = await termSeqs(db, lead, lo, size);
  }
  const keep = matched.slice(0, want);
  const rows: Awaited<ReturnType<typeof db.auditEvent.findMany>> = [];
  for (let i = 0; i < keep.length; i += IN_CHUNK) rows.push(...(await db.auditEvent.findMany({ where: { seq: { in: keep.slice(i, i + IN_CHUNK) } } })));
  // Checked again against the words of the redacted view: until the index of records written
  // before the redaction rule is rebuilt (terms-rebuild.ts), their secret words still match there.
  return rows.filter((row) => isMatch(terms, row)).sort((a, b) => b.seq - a.seq);
}

function isMatch(words: string[], row: SearchedFields): boolean {
  const has = new Set(recordTerms(row));
  return words.every((w) => has.has(w));
}

/** Newest first, keyset-paginated on seq (fast at any depth). */
export async function queryAudit(db: Db, filter: AuditFilter, page: { beforeSeq?: number; limit: number }) {
  const rows = filter.text
    ? await searchRecords(db, filter.text, where({ ...filter, text: undefined }), page.beforeSeq, page.limit + 1)
    : await db.auditEvent.findMany({
        where: { ...where(filter), ...(page.beforeSeq ? { seq: { lt: page.beforeSeq } } : {}) },
        orderBy: { seq: "desc" },
        take: page.limit + 1,
      });
  const more = rows.length > page.limit;
  const items = (more ? rows.slice(0, page.limit) : rows).map((row) => ({ ...row, params: shownParams(row.params) }));
  return { items, nextBeforeSeq: more ? items[items.length - 1]!.seq : null };
}

const CSV_COLUMNS = ["seq", "time", "actorType", "actorId", "actorName", "ip", "userAgent", "action", "hostId", "targetType", "targetId", "targetName", "params", "result", "error", "durationMs", "prevHash", "hash"] as const;

export function csvCell(value: unknown): string {
  const text = value instanceof Date ? value.toISOString() : typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
  // Quote always; neutralise spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** Every matching record, oldest first, as CSV or JSON lines, in pages (bounded memory). */
export async function* exportAudit(db: Db, filter: AuditFilter, format: "csv" | "json"): AsyncGenerator<string> {
  // A full pass anyway: the word search is checked on each record (the same words the index holds).
  const words = filter.text ? termsOf(filter.text) : [];
  const matches = (row: SearchedFields) => words.length === 0 || isMatch(words, row);
  if (format === "csv") yield `${CSV_COLUMNS.join(",")}\n`;
  else yield "[\n";
  let after = 0;
  let first = true;
  for (;;) {
    const rows = await db.auditEvent.findMany({ where: { ...where(filter), seq: { gt: after } }, orderBy: { seq: "asc" }, take: 1_000 });
    if (rows.length === 0) break;
    for (const stored of rows) {
      after = stored.seq;
      if (!matches(stored)) continue;
      const row = { ...stored, params: shownParams(stored.params) };
      if (format === "csv") yield `${CSV_COLUMNS.map((c) => csvCell(row[c])).join(",")}\n`;
      else {
        yield `${first ? "" : ",\n"}${JSON.stringify(row)}`;
        first = false;
      }
    }
  }
  if (format === "json") yield "\n]\n";
}
