// npm run db:generate (also the root postinstall): derives prisma/postgresql/schema.prisma from the
// SQLite source, then generates both Prisma clients, offline and in parallel. Nothing is downloaded:
// the generator uses engineType "client" (driver adapters at run time) and the CLI runs with the
// WASM engine configured in prisma.config.ts.
//
// Also exports the helpers shared by db-new-migration.mjs and db-check.mjs.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const SOURCE = join(ROOT, "prisma/schema.prisma");
export const DERIVED = join(ROOT, "prisma/postgresql/schema.prisma");
export const PROVIDERS = {
  sqlite: { schema: SOURCE, migrations: join(ROOT, "prisma/migrations/sqlite") },
  postgresql: { schema: DERIVED, migrations: join(ROOT, "prisma/migrations/postgresql") },
};
/** The datamodel the provider's migrations produce, as a whole (the head of the chain). */
export const headSnapshotOf = (provider) => join(PROVIDERS[provider].migrations, "schema.snapshot.prisma");
/** Inside each migration directory: the datamodel right after that migration. */
export const MIGRATION_SNAPSHOT = "snapshot.prisma";

const PG_URL = "postgresql://placeholder:placeholder@localhost:5432/placeholder";
const PG_OUTPUT = "../../packages/db/src/generated/postgresql";
const HEADER = "// GENERATED from prisma/schema.prisma by scripts/db-generate.mjs: do not edit; edit the source.\n";

/** Replaces the value of `key = "..."` inside the named top-level block; throws unless exactly one. */
function setInBlock(schema, kind, key, value) {
  const block = new RegExp(`^${kind}\\s+\\w+\\s*\\{[^}]*\\}`, "m");
  const found = schema.match(block);
  if (!found) throw new Error(`db:generate: no ${kind} block in prisma/schema.prisma`);
  const line = new RegExp(`^(\\s*${key}\\s*=\\s*)"[^"]*"`, "m");
  if (!line.test(found[0])) throw new Error(`db:generate: the ${kind} block has no ${key} = "..." line`);
  return schema.replace(found[0], found[0].replace(line, `$1"${value}"`));
}

/** The PostgreSQL schema: the SQLite source with another provider, URL and client output. */
export function derivePostgresSchema(source) {
  let schema = setInBlock(source, "datasource", "provider", "postgresql");
  schema = setInBlock(schema, "datasource", "url", PG_URL);
  schema = setInBlock(schema, "generator", "output", PG_OUTPUT);
  return HEADER + schema;
}

export const prismaEnv = { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" };
const PRISMA_BIN = join(ROOT, "node_modules/.bin/prisma");

/** Runs the Prisma CLI asynchronously: resolves { code, stdout, stderr } (never rejects on exit code). */
export function runPrisma(args) {
  if (!existsSync(PRISMA_BIN)) {
    return Promise.reject(new Error(`the Prisma CLI is not installed (${PRISMA_BIN}): run npm install`));
  }
  return new Promise((resolve, reject) => {
    execFile(PRISMA_BIN, args, { cwd: ROOT, env: prismaEnv, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== "number") return reject(error);
      resolve({ code: error ? error.code : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/**
 * SQL turning datamodel `from` (a schema file path, or null = empty database) into `to`. No
 * database is involved. Returns "" when there is no difference.
 */
export async function diffSql(from, to) {
  const args = ["migrate", "diff", ...(from ? ["--from-schema-datamodel", from] : ["--from-empty"]), "--to-schema-datamodel", to, "--script", "--exit-code"];
  const { code, stdout, stderr } = await runPrisma(args);
  if (code === 0) return "";
  if (code !== 2) throw new Error(`prisma ${args.join(" ")} failed (exit ${code}):\n${stderr || stdout}`);
  return stdout.replace(/^Loaded Prisma config.*\n+/m, "");
}

/** The committed migrations of a provider, oldest first: { name, dir, sql, snapshot|null }. */
export function listMigrations(provider) {
  const root = PROVIDERS[provider].migrations;
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const dir = join(root, name);
      const snapshot = join(dir, MIGRATION_SNAPSHOT);
      const sqlFile = join(dir, "migration.sql");
      return { name, dir, sql: existsSync(sqlFile) ? readFileSync(sqlFile, "utf8") : null, snapshot: existsSync(snapshot) ? snapshot : null };
    });
}

/** Writes the derived schema when it differs; returns true when it was rewritten. */
export function writeDerivedSchema() {
  const derived = derivePostgresSchema(readFileSync(SOURCE, "utf8"));
  if (existsSync(DERIVED) && readFileSync(DERIVED, "utf8") === derived) return false;
  mkdirSync(dirname(DERIVED), { recursive: true });
  writeFileSync(DERIVED, derived);
  return true;
}

async function main() {
  const started = Date.now();
  const rewritten = writeDerivedSchema();
  const results = await Promise.all([SOURCE, DERIVED].map((schema) => runPrisma(["generate", "--schema", schema])));
  const failed = results.find((r) => r.code !== 0);
  if (failed) {
    console.error(`db:generate: prisma generate failed:\n${failed.stderr || failed.stdout}`);
    process.exit(1);
  }
  console.log(
    `db:generate: ${rewritten ? "prisma/postgresql/schema.prisma re-derived; " : ""}clients generated (sqlite, postgresql) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`db:generate: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
