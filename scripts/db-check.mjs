// npm run db:check: fails when the PostgreSQL schema was not re-derived from the SQLite source,
// or when either provider's migrations do not produce the current schema. No database needed.
import { existsSync, readFileSync } from "node:fs";
import { derivePostgresSchema } from "./db-generate.mjs";
import { diffScript, isEmptyMigration, PROVIDERS, snapshotOf } from "./db-prisma.mjs";

const problems = [];
const derived = derivePostgresSchema(readFileSync(PROVIDERS.sqlite.schema, "utf8"));
if (!existsSync(PROVIDERS.postgresql.schema) || readFileSync(PROVIDERS.postgresql.schema, "utf8") !== derived) {
  problems.push("prisma/postgresql/schema.prisma is stale: run `npm run db:generate`");
}
for (const provider of Object.keys(PROVIDERS)) {
  const snapshot = snapshotOf(provider);
  if (!existsSync(snapshot)) {
    problems.push(`${provider}: no migrations yet: run \`npm run db:new-migration -- <name>\``);
    continue;
  }
  const pending = diffScript(snapshot, PROVIDERS[provider].schema);
  if (!isEmptyMigration(pending)) problems.push(`${provider}: the schema changed since the last migration: run \`npm run db:new-migration -- <name>\`\n${pending}`);
}
if (problems.length) {
  console.error(`db:check failed:\n- ${problems.join("\n- ")}`);
  process.exit(1);
}
console.log("db:check: schemas and migrations are in step (sqlite, postgresql)");
