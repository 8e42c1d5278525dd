import { Prisma } from "./generated/sqlite/client";

/**
 * Tagged SQL for `$queryRaw` (values become bound parameters: `?` on SQLite, `$n` on PostgreSQL).
 * Both generated clients share Prisma's runtime, so these fragments work with either.
 */
export const sql = Prisma.sql;
export const joinSql = Prisma.join;
export const emptySql = Prisma.empty;
/** Trusted SQL text (identifiers, operators chosen by code), never user input. */
export const rawSql = Prisma.raw;
export type Sql = Prisma.Sql;
