import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import { dirname } from "node:path";

/** The SQLite file and the files SQLite keeps beside it. */
const sqliteFiles = (file: string) => [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];

/**
 * The database holds password hashes, sessions and sealed secrets: only the server's own user may
 * read it. Before anything opens it, the file is created 0600 (SQLite then creates its -wal and
 * -shm files with the same mode) in a directory created 0700; files of an older install that
 * were left readable by others are made private at every start.
 */
export function makeSqliteFilesPrivate(file: string): void {
  if (!existsSync(dirname(file))) mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, "a", 0o600));
  for (const path of sqliteFiles(file)) {
    if (existsSync(path) && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  }
}

/**
 * A data directory readable by others is made 0700 — except a shared sticky directory such as
 * /tmp, which is never ours to change (the files in it are private anyway). Returns whether the
 * directory is private now.
 */
export function makeDirectoryPrivate(dir: string): boolean {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const mode = statSync(dir).mode;
  if ((mode & 0o077) === 0) return true;
  if (mode & 0o1000) return false;
  chmodSync(dir, 0o700);
  return true;
}
