import { isAbsolute, resolve } from "node:path";

export type DbProvider = "sqlite" | "postgresql";

/** Which provider a DATABASE_URL names, and for SQLite the absolute file path. */
export function parseDatabaseUrl(url: string): { provider: "sqlite"; file: string } | { provider: "postgresql"; url: string } {
  if (url.startsWith("file:")) {
    const path = url.slice("file:".length).replace(/^\/\/(?=\/)/, "");
    if (!path) throw new Error("DATABASE_URL file: needs a path, e.g. file:./data/dockmaster.db");
    return { provider: "sqlite", file: isAbsolute(path) ? path : resolve(path) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { provider: "postgresql", url };
  throw new Error("DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)");
}
