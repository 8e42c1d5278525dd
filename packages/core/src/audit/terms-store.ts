import { postgresPoolOf, postgresTransaction, writeSteps, type Db, type SqliteConnection } from "@dockmaster/db";

export interface TermRow {
  term: string;
  seq: number;
}

const DELETE_RANGE = `DELETE FROM "AuditTerm" WHERE "seq" > ? AND "seq" <= ?`;
const INSERT_TERM = `INSERT INTO "AuditTerm" ("term", "seq") VALUES (?, ?) ON CONFLICT DO NOTHING`;
const DELETE_RANGE_PG = `DELETE FROM "AuditTerm" WHERE "seq" > $1 AND "seq" <= $2`;
const INSERT_TERMS_PG = `INSERT INTO "AuditTerm" ("term", "seq") SELECT * FROM unnest($1::text[], $2::int[]) ON CONFLICT DO NOTHING`;

/**
 * Replaces the words of the records in (after, through] with `terms`, in one transaction. Off
 * Prisma, whose per-row cost held the event loop for about a second per 1,000 records (≈18,000
 * words): SQLite through writeSteps (the server's writer thread, else the connection directly,
 * one cached statement), PostgreSQL with one array parameter per column. Prisma only when neither
 * can (SQLite with a Prisma transaction open and no writer thread). Repeating it gives the same rows.
 */
export async function replaceTerms(db: Db, connection: SqliteConnection | null, range: { after: number; through: number }, terms: TermRow[]): Promise<void> {
  const pool = postgresPoolOf(db);
  if (pool) {
    await postgresTransaction(pool, async (client) => {
      await client.query(DELETE_RANGE_PG, [range.after, range.through]);
      await client.query(INSERT_TERMS_PG, [terms.map((t) => t.term), terms.map((t) => t.seq)]);
    });
    return;
  }
  const direct = writeSteps(connection, [
    { sql: DELETE_RANGE, rows: [[range.after, range.through]] },
    { sql: INSERT_TERM, rows: terms.map((t) => [t.term, t.seq]) },
  ]);
  if (direct) {
    await direct;
    return;
  }
  await db.$transaction([db.auditTerm.deleteMany({ where: { seq: { gt: range.after, lte: range.through } } }), db.auditTerm.createMany({ data: terms })]);
}
