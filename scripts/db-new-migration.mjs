// npm run db:new-migration -- <name>: writes the next migration for BOTH providers from the
// difference between the last snapshot and the current schema (no database needed), then
// updates the snapshots. Refuses when nothing changed.
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { diffScript, isEmptyMigration, PROVIDERS, snapshotOf } from "./db-prisma.mjs";

const name = (process.argv[2] ?? "").toLowerCase().replace(/[^a-z0-9_]+/g, "_");
if (!name) {
  console.error("usage: npm run db:new-migration -- <name>");
  process.exit(2);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const scripts = Object.entries(PROVIDERS).map(([provider, { schema }]) => {
  const snapshot = snapshotOf(provider);
  return { provider, schema, snapshot, sql: diffScript(existsSync(snapshot) ? snapshot : null, schema) };
});
if (scripts.every((s) => isEmptyMigration(s.sql))) {
  console.error("db:new-migration: the schema has not changed since the last migration");
  process.exit(1);
}
for (const { provider, schema, snapshot, sql } of scripts) {
  const dir = join(PROVIDERS[provider].migrations, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "migration.sql"), sql);
  copyFileSync(schema, snapshot);
  console.log(`db:new-migration: wrote ${dir}/migration.sql`);
}
