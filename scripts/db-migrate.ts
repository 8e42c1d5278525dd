// npm run db:migrate: applies the committed migrations to DATABASE_URL
// (default: file:./data/dockmaster.db, or <DOCKMASTER_DATA_DIR>/dockmaster.db).
import { resolve } from "node:path";
import { redactDatabaseUrl } from "@dockmaster/db";
import { migrate } from "@dockmaster/db/migrate";

const url = process.env.DATABASE_URL || `file:${resolve(process.env.DOCKMASTER_DATA_DIR ?? "./data", "dockmaster.db")}`;
const started = Date.now();
try {
  const applied = await migrate(url);
  const took = `${Date.now() - started} ms`;
  if (applied.length) console.log(`db:migrate: ${redactDatabaseUrl(url)}: applied ${applied.length} migration(s) in ${took}:\n  ${applied.join("\n  ")}`);
  else console.log(`db:migrate: ${redactDatabaseUrl(url)}: up to date, nothing to apply (${took})`);
} catch (error) {
  console.error(`db:migrate: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
