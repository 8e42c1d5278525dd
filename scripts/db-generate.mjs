// Derives the PostgreSQL schema from the SQLite source and generates both Prisma clients,
// offline (no engine download: generator engineType "client" + driver adapters at run time).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const SOURCE = join(root, "prisma/schema.prisma");
export const DERIVED = join(root, "prisma/postgresql/schema.prisma");

/** The PostgreSQL schema is the SQLite one with another provider, URL and client output. */
export function derivePostgresSchema(source) {
  const header = "// GENERATED from prisma/schema.prisma by scripts/db-generate.mjs — do not edit.\n";
  return (
    header +
    source
      .replace('provider = "sqlite"', 'provider = "postgresql"')
      .replace(/url\s*=\s*"file:[^"]*"/, 'url      = "postgresql://placeholder:placeholder@localhost:5432/placeholder"')
      .replace('output             = "../packages/db/src/generated/sqlite"', 'output             = "../../packages/db/src/generated/postgresql"')
  );
}



if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const derived = derivePostgresSchema(readFileSync(SOURCE, "utf8"));
  if (derived.includes('provider = "sqlite"') || !derived.includes("generated/postgresql")) throw new Error("could not derive the PostgreSQL schema");
  mkdirSync(dirname(DERIVED), { recursive: true });
  writeFileSync(DERIVED, derived);
  const prisma = join(root, "node_modules/.bin/prisma");
  for (const schema of [SOURCE, DERIVED]) {
    execFileSync(prisma, ["generate", "--schema", schema], { cwd: root, env: { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" }, stdio: ["ignore", "ignore", "inherit"] });
  }
  console.log("db:generate: prisma clients generated (sqlite, postgresql)");
}
