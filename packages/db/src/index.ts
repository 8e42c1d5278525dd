// @dockmaster/db: the Prisma client factory and the model types. Importing connects to nothing.
// Migrations: `import { migrate } from "@dockmaster/db/migrate"`.
export { createDatabase, SQLITE_BUSY_TIMEOUT_MS, type Database, type DatabaseOptions, type Db, type DbTransaction } from "./client";
export { makeDirectoryPrivate, makeSqliteFilesPrivate } from "./file-modes";
export { parseDatabaseUrl, redactDatabaseUrl, type DatabaseTarget, type DbProvider } from "./url";
export { restoreDatabase, snapshotDatabase } from "./snapshot";
export type { Prisma, User, Session, Host, EnrollmentToken, AuditEvent, EngineEvent } from "./generated/sqlite/client";
export { directSqliteTransaction, executeStatements, prepared, queryRows, sqliteDateTime, writeSteps, type SqliteConnection } from "./sqlite-direct";
export { UnchangedRows, type WriteStep } from "./sqlite-writer";
export { sql, joinSql, emptySql, rawSql, type Sql } from "./sql";
export { postgresPoolOf, postgresTimestamp, postgresTransaction, type PostgresPool } from "./postgres-direct";
