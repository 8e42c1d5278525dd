export { createDatabase, type Database, type Db } from "./client";
export { parseDatabaseUrl, type DbProvider } from "./url";
export type { User, Session, Host, EnrollmentToken, AuditEvent, EngineEvent } from "./generated/sqlite/client";
