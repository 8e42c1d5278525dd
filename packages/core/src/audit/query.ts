import type { Db, Prisma } from "@dockmaster/db";
import { recordTerms, termsOf } from "./terms";

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

const RARE = 500; // a word with fewer records than this is read in one go (and SQLite takes at most 999 parameters)
const BATCH = 500;

/**
 * Records containing every word of `text` that also match `rest`, newest first, below
 * `beforeSeq`: driven by the word index (the rarest word first), so a search that matches little
 * or nothing costs a few index reads instead of a scan of every record.
 */
async function searchRecords(db: Db, text: string, rest: Prisma.AuditEventWhereInput, beforeSeq: number | undefined, want: number) {
  const terms = termsOf(text);
  if (terms.length === 0) return [];
  const below = beforeSeq ? { seq: { lt: beforeSeq } } : {};
  // The rarest word drives; the others only narrow its candidates.
  const probes = await Promise.all(terms.map(async (term) => ({ term, seqs: (await db.auditTerm.findMany({ where: { term, ...below }, orderBy: { seq: "desc" }, take: RARE, select: { seq: true } })).map((r) => r.seq) })));
  probes.sort((a, b) => a.seqs.length - b.seqs.length);
  const [lead, ...others] = probes;
  const found: Awaited<ReturnType<typeof db.auditEvent.findMany>> = [];
  let candidates = lead!.seqs;
  let cursor = candidates.at(-1);
  for (;;) {
    for (const other of others) {
      if (candidates.length === 0) break;
      candidates = (await db.auditTerm.findMany({ where: { term: other.term, seq: { in: candidates } }, select: { seq: true } })).map((r) => r.seq);
    }
    if (candidates.length) found.push(...(await db.auditEvent.findMany({ where: { AND: [rest, { seq: { in: candidates } }] }, orderBy: { seq: "desc" } })));
    if (found.length >= want || lead!.seqs.length < RARE || cursor === undefined) break;
    // A common word: read its next batch of records.
    candidates = (await db.auditTerm.findMany({ where: { term: lead!.term, seq: { lt: cursor } }, orderBy: { seq: "desc" }, take: BATCH, select: { seq: true } })).map((r) => r.seq);
    if (candidates.length === 0) break;
    cursor = candidates.at(-1);
  }
  return found.sort((a, b) => b.seq - a.seq).slice(0, want);
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
  const items = more ? rows.slice(0, page.limit) : rows;
  return { items, nextBeforeSeq: more ? items[items.length - 1]!.seq : null };
}

const CSV_COLUMNS = ["seq", "time", "actorType", "actorId", "actorName", "ip", "userAgent", "action", "hostId", "targetType", "targetId", "targetName", "params", "result", "error", "durationMs", "prevHash", "hash"] as const;

function csvCell(value: unknown): string {
  const text = value instanceof Date ? value.toISOString() : typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
  // Quote always; neutralise spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** Every matching record, oldest first, as CSV or JSON lines, in pages (bounded memory). */
export async function* exportAudit(db: Db, filter: AuditFilter, format: "csv" | "json"): AsyncGenerator<string> {
  // A full pass anyway: the word search is checked on each record (the same words the index holds).
  const words = filter.text ? termsOf(filter.text) : [];
  const matches = (row: Parameters<typeof recordTerms>[0]) => words.length === 0 || words.every((w) => recordTerms(row).includes(w));
  if (format === "csv") yield `${CSV_COLUMNS.join(",")}\n`;
  else yield "[\n";
  let after = 0;
  let first = true;
  for (;;) {
    const rows = await db.auditEvent.findMany({ where: { ...where(filter), seq: { gt: after } }, orderBy: { seq: "asc" }, take: 1_000 });
    if (rows.length === 0) break;
    for (const row of rows) {
      after = row.seq;
      if (!matches(row)) continue;
      if (format === "csv") yield `${CSV_COLUMNS.map((c) => csvCell(row[c])).join(",")}\n`;
      else {
        yield `${first ? "" : ",\n"}${JSON.stringify(row)}`;
        first = false;
      }
    }
  }
  if (format === "json") yield "\n]\n";
}
