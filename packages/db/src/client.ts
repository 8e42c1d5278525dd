import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient as SqliteClient, type Prisma } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { SAFETY_NET_PAGES, startSqliteCheckpointer, type SqliteCheckpointer } from "./sqlite-checkpointer";
import { makeSqliteFilesPrivate } from "./file-modes";
import { attachWriter, type SqliteConnection } from "./sqlite-direct";
import { startSqliteWriter, type SqliteWriter } from "./sqlite-writer";
import { attachPostgresPool } from "./postgres-direct";
import { parseDatabaseUrl, type DbProvider } from "./url";

/**
 * The one client type for the rest of the code: the SQLite client's. The PostgreSQL client is
 * generated from the same models (its schema is derived from the SQLite one), so its model API is
 * the same and it is cast to this type.
 */
export type Db = SqliteClient;

/** The client handed to `db.$transaction(async (tx) => …)` callbacks. */
export type DbTransaction = Prisma.TransactionClient;

export interface Database {
  prisma: Db;
  provider: DbProvider;
  /**
   * SQLite only: the connection Prisma's adapter opened, once it has connected (null before, and on
   * PostgreSQL). Only for `directSqliteTransaction` (sqlite-direct.ts), which says when it is safe.
   */
  sqliteConnection: () => SqliteConnection | null;
  /** Disconnects (closes the SQLite file / the PostgreSQL pool). */
  close(): Promise<void>;
}

export const SQLITE_BUSY_TIMEOUT_MS = 5_000;

// Run on every SQLite connection (the adapter's, and the writer thread's). WAL: readers never
// wait for the writer; foreign_keys: enforce relations (cascade deletes); busy_timeout: writers
// queue, not fail.
const PRAGMAS = ["journal_mode = WAL", "synchronous = NORMAL", "foreign_keys = ON", `busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`, "cache_size = -65536", "mmap_size = 268435456"];
const SQLITE_PRAGMAS = PRAGMAS.map((p) => `PRAGMA ${p}`).join(";\n");

class SqliteAdapterFactory extends PrismaBetterSQLite3 {
  connection: SqliteConnection | null = null;
  /** Set when a worker checkpoints the WAL: this connection's own automatic checkpoint is only a safety net. */
  backgroundCheckpoints = false;
  /** Set to start a writer thread (sqlite-writer.ts) with the connection. */
  writerErrors: ((message: string) => void) | null = null;
  writer: SqliteWriter | null = null;

  constructor(private readonly file: string) {
    super({ url: `file:${file}`, timeout: SQLITE_BUSY_TIMEOUT_MS });
  }

  override async connect() {
    const adapter = await super.connect();
    await adapter.executeScript(SQLITE_PRAGMAS);
    const autocheckpoint = this.backgroundCheckpoints ? [`wal_autocheckpoint = ${SAFETY_NET_PAGES}`] : [];
    for (const pragma of autocheckpoint) await adapter.executeScript(`PRAGMA ${pragma}`);
    // The adapter keeps its better-sqlite3 handle in a public field (BetterSQLite3Queryable.client).
    const connection = (adapter as unknown as { client?: SqliteConnection }).client ?? null;
    if (connection && this.writerErrors) {
      this.writer ??= startSqliteWriter(this.file, { busyTimeoutMs: SQLITE_BUSY_TIMEOUT_MS, pragmas: [...PRAGMAS, ...autocheckpoint], onError: this.writerErrors });
      beginImmediately(connection);
      attachWriter(connection, this.writer);
    }
    this.connection = connection;
    return adapter;
  }
}

/**
 * Prisma's adapter opens its transactions with a plain (deferred) BEGIN. With a writer thread
 * committing on its own connection, a deferred transaction that reads first cannot write after the
 * thread's commit (SQLITE_BUSY_SNAPSHOT, no retry): BEGIN IMMEDIATE takes the write lock first, and
 * a busy lock is waited for (busy_timeout) instead.
 */
function beginImmediately(connection: SqliteConnection): void {
  const prepare = connection.prepare.bind(connection);
  connection.prepare = ((source: string) => prepare(source === "BEGIN" ? "BEGIN IMMEDIATE" : source));
}

export interface DatabaseOptions {
  /**
   * SQLite: checkpoint the write-ahead log from a worker thread every this many ms instead of
   * inside the writes of the main thread (see sqlite-checkpointer.ts). For the long-running server.
   */
  backgroundCheckpointMs?: number;
  /** Where a failing background checkpoint is reported. */
  onCheckpointError?: (message: string) => void;
  /**
   * SQLite: run the hot writes (engine events, host status, state snapshots) on a writer thread
   * (sqlite-writer.ts), off the main thread's event loop; failures of the thread are reported here.
   * For the long-running server.
   */
  onWriterError?: (message: string) => void;
  /**
   * PostgreSQL: an idle pooled connection the server ended (restart, failover, an administrator's
   * terminate). The pool drops it and the next query connects afresh; without a listener Node
   * would turn the pool's 'error' event into an uncaught exception that ends the process.
   */
  onPoolError?: (message: string) => void;
}

/**
 * Creates the Prisma client for a DATABASE_URL: `file:` → SQLite (the parent directory is created),
 * `postgres://` / `postgresql://` → PostgreSQL. Connects lazily, on the first query.
 */
export function createDatabase(url: string, options: DatabaseOptions = {}): Database {
  const target = parseDatabaseUrl(url);
  let prisma: Db;
  let sqlite: SqliteAdapterFactory | null = null;
  let checkpointer: SqliteCheckpointer | null = null;
  let pool: pg.Pool | null = null;
  if (target.provider === "sqlite") {
    makeSqliteFilesPrivate(target.file);
    sqlite = new SqliteAdapterFactory(target.file);
    sqlite.writerErrors = options.onWriterError ?? null;
    prisma = new SqliteClient({ adapter: sqlite });
    if (options.backgroundCheckpointMs) {
      sqlite.backgroundCheckpoints = true;
      checkpointer = startSqliteCheckpointer(target.file, options.backgroundCheckpointMs, options.onCheckpointError ?? (() => undefined));
    }
  } else {
    // Our pool, handed to Prisma's adapter: the hot write paths use it directly (postgres-direct.ts).
    pool = new pg.Pool({ connectionString: target.url });
    const onPoolError = options.onPoolError ?? (() => undefined);
    pool.on("error", (error) => onPoolError(error.message));
    prisma = new PostgresClient({ adapter: new PrismaPg(pool) }) as unknown as Db;
    attachPostgresPool(prisma, pool);
  }
  return {
    prisma,
    provider: target.provider,
    sqliteConnection: () => sqlite?.connection ?? null,
    close: async () => {
      // The writer first: it finishes what it was handed while the main connection is still open.
      await sqlite?.writer?.stop();
      await prisma.$disconnect();
      await pool?.end().catch(() => undefined);
      await checkpointer?.stop();
    },
  };
}
