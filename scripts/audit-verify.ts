// npm run audit:verify: walks the audit hash chain of DATABASE_URL and names the first broken record.
import { resolve } from "node:path";
import { AuditLog } from "@dockmaster/core";
import { createDatabase } from "@dockmaster/db";

const url = process.env.DATABASE_URL ?? `file:${resolve(process.env.DOCKMASTER_DATA_DIR ?? "./data", "dockmaster.db")}`;
const database = createDatabase(url);
try {
  const result = await new AuditLog(database.prisma, database.provider).verify();
  if (result.ok) {
    console.log(`audit:verify: ok — ${result.count} records, chain intact`);
  } else {
    console.error(`audit:verify: BROKEN at record ${result.brokenAt}: ${result.reason} (${result.count} records verified before it)`);
    process.exitCode = 1;
  }
} finally {
  await database.close();
}
