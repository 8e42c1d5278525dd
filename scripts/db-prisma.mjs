// Shared by the database scripts: where things are, and running the Prisma CLI offline.
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const PROVIDERS = {
  sqlite: { schema: join(ROOT, "prisma/schema.prisma"), migrations: join(ROOT, "prisma/migrations/sqlite") },
  postgresql: { schema: join(ROOT, "prisma/postgresql/schema.prisma"), migrations: join(ROOT, "prisma/migrations/postgresql") },
};
export const snapshotOf = (provider) => join(PROVIDERS[provider].migrations, "schema.snapshot.prisma");

const env = { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" };

/** Runs the Prisma CLI; returns { status, stdout }. Never downloads (see prisma.config.ts). */
export function prisma(args) {
  try {
    const stdout = execFileSync(join(ROOT, "node_modules/.bin/prisma"), args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
    return { status: 0, stdout };
  } catch (error) {
    return { status: error.status ?? 1, stdout: String(error.stdout ?? ""), stderr: String(error.stderr ?? "") };
  }
}

/** SQL turning the datamodel `from` (a schema file, or null for an empty database) into `to`. */
export function diffScript(from, to) {
  const result = prisma(["migrate", "diff", ...(from ? ["--from-schema-datamodel", from] : ["--from-empty"]), "--to-schema-datamodel", to, "--script"]);
  if (result.status !== 0) throw new Error(`prisma migrate diff failed: ${result.stderr || result.stdout}`);
  return result.stdout.replace(/^Loaded Prisma config.*\n+/m, "");
}

export const isEmptyMigration = (sql) => !/^\s*(CREATE|ALTER|DROP|INSERT|UPDATE|DELETE|PRAGMA)/im.test(sql);
