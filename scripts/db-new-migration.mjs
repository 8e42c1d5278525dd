// npm run db:new-migration -- <name>: writes the next migration of BOTH providers, without any
// database: `prisma migrate diff` from the datamodel the migrations already produce (the head
// snapshot) to the current schema. Each migration directory keeps the datamodel it produces
// (snapshot.prisma), so db:check can re-derive and verify every committed migration.sql.
// Refuses when nothing changed.
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { diffSql, headSnapshotOf, listMigrations, MIGRATION_SNAPSHOT, PROVIDERS, ROOT, writeDerivedSchema } from "./db-generate.mjs";

const name = (process.argv[2] ?? "").toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
if (!name) {
  console.error("usage: npm run db:new-migration -- <name>   (e.g. add_host_notes)");
  process.exit(2);
}

async function main() {
  // The PostgreSQL schema must be derived from the current source first.
  if (writeDerivedSchema()) console.log("db:new-migration: re-derived prisma/postgresql/schema.prisma (run npm run db:generate for the clients)");

  const providers = Object.keys(PROVIDERS);
  const plans = await Promise.all(
    providers.map(async (provider) => {
      const head = headSnapshotOf(provider);
      const migrations = listMigrations(provider);
      if (migrations.length > 0 && !existsSync(head)) throw new Error(`${provider}: migrations exist but ${relative(ROOT, head)} is missing`);
      const sql = await diffSql(existsSync(head) ? head : null, PROVIDERS[provider].schema);
      return { provider, sql, last: migrations.at(-1)?.name };
    }),
  );
  if (plans.every((p) => p.sql === "")) {
    console.error("db:new-migration: refused: the schema has not changed since the last migration (nothing to write)");
    process.exit(1);
  }

  // One timestamp for both providers; strictly after every existing migration (clock skew).
  let stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  for (const { last } of plans) {
    const lastStamp = last?.slice(0, 14);
    if (lastStamp && /^\d{14}$/.test(lastStamp) && lastStamp >= stamp) stamp = String(BigInt(lastStamp) + 1n);
  }

  for (const { provider, sql } of plans) {
    if (sql === "") {
      console.log(`db:new-migration: ${provider}: no change`);
      continue;
    }
    const dir = join(PROVIDERS[provider].migrations, `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "migration.sql"), sql);
    copyFileSync(PROVIDERS[provider].schema, join(dir, MIGRATION_SNAPSHOT));
    copyFileSync(PROVIDERS[provider].schema, headSnapshotOf(provider));
    console.log(`db:new-migration: wrote ${relative(ROOT, join(dir, "migration.sql"))}`);
  }
  console.log("db:new-migration: review the SQL (SQLite table rebuilds copy data; NOT NULL columns need defaults), then commit it");
}

main().catch((error) => {
  console.error(`db:new-migration: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
