import { spawn } from "node:child_process";
import { chmodSync, copyFileSync, existsSync } from "node:fs";
import Sqlite from "better-sqlite3";
import { parseDatabaseUrl, type DbProvider } from "./url";

/**
 * A consistent copy of the database while the server runs: SQLite's online backup API (pages
 * copied under the database's own locks, so concurrent writers never leave it half-written;
 * WAL content included), or `pg_dump` (one transaction snapshot) in its custom format.
 */
export async function snapshotDatabase(databaseUrl: string, targetFile: string): Promise<DbProvider> {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.provider === "sqlite") {
    const db = new Sqlite(target.file, { readonly: true, fileMustExist: true });
    try {
      await db.backup(targetFile);
    } finally {
      db.close();
    }
    chmodSync(targetFile, 0o600);
    return "sqlite";
  }
  await run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", `--file=${targetFile}`, `--dbname=${databaseUrl}`]);
  chmodSync(targetFile, 0o600);
  return "postgresql";
}

/**
 * Loads a snapshot into an EMPTY database (a fresh install, before its first start): SQLite gets
 * the file, PostgreSQL `pg_restore` into the database the URL names. Refuses to overwrite data.
 */
export async function restoreDatabase(databaseUrl: string, sourceFile: string, provider: DbProvider): Promise<void> {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.provider !== provider) throw new Error(`the backup holds a ${provider} database; DATABASE_URL names a ${target.provider} one`);
  if (target.provider === "sqlite") {
    if (existsSync(target.file)) throw new Error(`${target.file} already exists: restore into a fresh data directory (or move the old database away first)`);
    copyFileSync(sourceFile, target.file);
    chmodSync(target.file, 0o600);
    return;
  }
  await run("pg_restore", ["--exit-on-error", "--single-transaction", "--no-owner", "--no-privileges", `--dbname=${databaseUrl}`, sourceFile]);
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", (error) => reject(new Error(`${command} could not run (${error.message}): install PostgreSQL's client tools (Debian: postgresql-client)`)));
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} failed (exit ${code}): ${stderr.trim().split("\n").slice(-3).join(" ")}`))));
  });
}
