import type { Db, Prisma } from "@dockmaster/db";

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
  if (f.text) {
    const t = f.text;
    and.push({ OR: [{ action: { contains: t } }, { actorName: { contains: t } }, { targetName: { contains: t } }, { targetId: { contains: t } }, { params: { contains: t } }, { error: { contains: t } }] });
  }
  return and.length ? { AND: and } : {};
}

/** Newest first, keyset-paginated on seq (fast at any depth). */
export async function queryAudit(db: Db, filter: AuditFilter, page: { beforeSeq?: number; limit: number }) {
  const rows = await db.auditEvent.findMany({
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
  if (format === "csv") yield `${CSV_COLUMNS.join(",")}\n`;
  else yield "[\n";
  let after = 0;
  let first = true;
  for (;;) {
    const rows = await db.auditEvent.findMany({ where: { ...where(filter), seq: { gt: after } }, orderBy: { seq: "asc" }, take: 1_000 });
    if (rows.length === 0) break;
    for (const row of rows) {
      if (format === "csv") yield `${CSV_COLUMNS.map((c) => csvCell(row[c])).join(",")}\n`;
      else {
        yield `${first ? "" : ",\n"}${JSON.stringify(row)}`;
        first = false;
      }
      after = row.seq;
    }
  }
  if (format === "json") yield "\n]\n";
}
