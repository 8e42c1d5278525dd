import { isAbsolute, resolve } from "node:path";

export type DbProvider = "sqlite" | "postgresql";

export type DatabaseTarget = { provider: "sqlite"; file: string } | { provider: "postgresql"; url: string };

/**
 * Which provider a DATABASE_URL names. SQLite: `file:` + a relative path (resolved against the
 * current directory), an absolute path, or `file:///abs/path`; a `?query` part is ignored.
 * PostgreSQL: `postgres://` or `postgresql://`.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  const trimmed = url.trim();
  if (trimmed.startsWith("file:")) {
    let path = trimmed.slice("file:".length).replace(/[?#].*$/, "");
    if (path.startsWith("//")) {
      // file:///abs/path (empty host) or file://localhost/abs/path
      const rest = path.slice(2);
      path = rest.startsWith("/") ? rest : rest.startsWith("localhost/") ? rest.slice("localhost".length) : `/${rest}`;
    }
    path = decodeURIComponent(path);
    if (!path || path === ":memory:") throw new Error("DATABASE_URL file: needs a file path, e.g. file:./data/dockmaster.db");
    return { provider: "sqlite", file: isAbsolute(path) ? path : resolve(path) };
  }
  if (/^postgres(ql)?:\/\//i.test(trimmed)) return { provider: "postgresql", url: trimmed };
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL), got "${trimmed.split(":")[0] ?? ""}:…"`);
}

/** The URL with any password replaced, for logs and error messages. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]+:)[^@]*@/i, "$1***@");
}
