import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { parseDatabaseUrl, type DbProvider } from "./url";

/**
 * One client type for the rest of the code. Both generated clients come from the same models
 * (the PostgreSQL schema is derived from the SQLite one), so their model APIs are the same.
 */
export type Db = SqliteClient;

export interface Database {
  prisma: Db;
  provider: DbProvider;
  close(): Promise<void>;
}

/** Creates the client for a DATABASE_URL. Connects lazily, on the first query. */
export function createDatabase(url: string): Database {
  const target = parseDatabaseUrl(url);
  let prisma: Db;
  if (target.provider === "sqlite") {
    mkdirSync(dirname(target.file), { recursive: true, mode: 0o700 });
    // WAL: readers never wait for the writer; busy_timeout: writers queue instead of failing.
    const adapter = new PrismaBetterSQLite3({ url: `file:${target.file}`, timeout: 5_000 });
    prisma = new SqliteClient({ adapter });
  } else {
    prisma = new PostgresClient({ adapter: new PrismaPg({ connectionString: target.url }) }) as unknown as Db;
  }
  return { prisma, provider: target.provider, close: () => prisma.$disconnect() };
}
