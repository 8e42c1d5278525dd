// npm run db:check: fails (exit 1) when
//   (a) prisma/postgresql/schema.prisma is not the derivation of the SQLite source,
//   (b) a provider's migrations do not produce the current schema (head snapshot vs schema diff),
//   (c) a committed migration.sql differs from what its recorded snapshot transition produces
//       (previous migration's snapshot.prisma, or empty, -> this one's), i.e. it was hand-edited
//       or its snapshot is missing / out of order.
// Needs no database and no network (prisma migrate diff between datamodels, WASM engine).
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { relative } from "node:path";
import { derivePostgresSchema, DERIVED, diffSql, headSnapshotOf, listMigrations, MIGRATION_SNAPSHOT, PROVIDERS, ROOT, SOURCE } from "./db-generate.mjs";

const rel = (p) => relative(ROOT, p);
const normalize = (sql) => sql.replace(/\r\n/g, "\n").trim();
const problems = [];
const tasks = [];

// (a) the derived PostgreSQL schema
if (!existsSync(DERIVED) || readFileSync(DERIVED, "utf8") !== derivePostgresSchema(readFileSync(SOURCE, "utf8"))) {
  problems.push(`(a) ${rel(DERIVED)} is stale (not derived from ${rel(SOURCE)}): run \`npm run db:generate\` and commit it`);
}

for (const provider of Object.keys(PROVIDERS)) {
  const { schema } = PROVIDERS[provider];
  const head = headSnapshotOf(provider);
  const migrations = listMigrations(provider);
  if (migrations.length === 0 || !existsSync(head)) {
    problems.push(`(b) ${provider}: no migrations or no ${rel(head)}: run \`npm run db:new-migration -- <name>\``);
    continue;
  }
  // (b) the migrations produce the current schema
  tasks.push(async () => {
    const pending = await diffSql(head, existsSync(schema) ? schema : SOURCE);
    if (pending) problems.push(`(b) ${provider}: the schema changed since the last migration: run \`npm run db:new-migration -- <name>\`. Pending SQL:\n${pending.trim()}`);
  });
  const last = migrations.at(-1);
  if (last.snapshot && readFileSync(last.snapshot, "utf8") !== readFileSync(head, "utf8")) {
    problems.push(`(b) ${provider}: ${rel(head)} differs from the newest migration's ${MIGRATION_SNAPSHOT} (${last.name})`);
  }
  // (c) every committed migration.sql is what its snapshot transition produces
  let previous = null;
  for (const m of migrations) {
    if (m.sql === null) problems.push(`(c) ${provider}: ${m.name} has no migration.sql`);
    if (!m.snapshot) problems.push(`(c) ${provider}: ${m.name} has no ${MIGRATION_SNAPSHOT}: cannot verify its migration.sql`);
    if (m.sql !== null && m.snapshot) {
      const from = previous;
      tasks.push(async () => {
        const expected = await diffSql(from, m.snapshot);
        if (normalize(expected) !== normalize(m.sql)) {
          const want = normalize(expected).split("\n");
          const have = normalize(m.sql).split("\n");
          let i = 0;
          while (i < want.length && want[i] === have[i]) i += 1;
          problems.push(
            `(c) ${provider}: ${m.name}/migration.sql is not what its snapshot transition produces (edited by hand, or wrong ${MIGRATION_SNAPSHOT}?). ` +
              `First difference at line ${i + 1}:\n    expected: ${want[i] ?? "(end of file)"}\n    found:    ${have[i] ?? "(end of file)"}`,
          );
        }
      });
    }
    previous = m.snapshot;
  }
}

// Each diff is one Prisma CLI process (~2-3 s, mostly start-up): run a few at once.
const started = Date.now();
const queue = [...tasks];
await Promise.all(
  Array.from({ length: Math.min(Math.max(2, availableParallelism()), 4) }, async () => {
    for (let task = queue.shift(); task; task = queue.shift()) await task();
  }),
).catch((error) => {
  console.error(`db:check: could not run prisma migrate diff: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

if (problems.length) {
  console.error(`db:check FAILED:\n- ${problems.join("\n- ")}`);
  process.exit(1);
}
console.log(`db:check: ok: derived schema current; sqlite and postgresql migrations verified and produce the schema (${((Date.now() - started) / 1000).toFixed(1)} s)`);
