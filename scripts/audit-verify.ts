// npm run audit:verify [-- --anchor FILE ...] [--export-head FILE]
// Walks the audit hash chain of DATABASE_URL, checks it against its signed anchors (and against
// anchor files an operator exported earlier), and names the first broken or missing record — also
// records cut off the END of the chain. When intact (and the key is known) it anchors the head.
// Exit 0: intact; 1: broken; 2: bad usage.
//   --anchor FILE       an anchor exported earlier (repeatable): the chain must still hold what it signed
//   --export-head FILE  after a successful check, write the (just anchored) head as FILE ("-": stdout)
// The anchors are signed with a key derived from the server's secret key: DOCKMASTER_SECRET_KEY, or
// the key file in DOCKMASTER_DATA_DIR (default ./data). Without it, signatures cannot be checked.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { anchorFileText, AuditLog, parseAnchorFile, type SignedAuditAnchor } from "@dockmaster/core";
import { createDatabase } from "@dockmaster/db";

function usage(message: string): never {
  console.error(`audit:verify: ${message}\nusage: npm run audit:verify -- [--anchor FILE ...] [--export-head FILE]`);
  process.exit(2);
}

let args: { anchor?: string[]; "export-head"?: string };
try {
  args = parseArgs({ options: { anchor: { type: "string", multiple: true }, "export-head": { type: "string" } }, strict: true }).values;
} catch (error) {
  usage(error instanceof Error ? error.message : String(error));
}

const dataDir = process.env.DOCKMASTER_DATA_DIR ?? "./data";
/** The server's secret key, read like the server reads it, but never created here. */
function secretKey(): Buffer | undefined {
  const fromEnv = process.env.DOCKMASTER_SECRET_KEY;
  if (fromEnv) {
    const key = Buffer.from(fromEnv, "base64");
    if (key.length !== 32) usage("DOCKMASTER_SECRET_KEY must be 32 bytes, base64-encoded");
    return key;
  }
  try {
    return Buffer.from(readFileSync(resolve(dataDir, "secret.key"), "utf8").trim(), "base64");
  } catch {
    return undefined;
  }
}

const exported: SignedAuditAnchor[] = (args.anchor ?? []).map((file) => {
  try {
    return parseAnchorFile(readFileSync(file, "utf8"));
  } catch (error) {
    usage(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
});

const url = process.env.DATABASE_URL ?? `file:${resolve(dataDir, "dockmaster.db")}`;
const database = createDatabase(url);
const key = secretKey();
const audit = new AuditLog(database.prisma, database.provider, key ? { secretKey: key } : {});
try {
  const result = await audit.verify(exported);
  for (const warning of result.warnings) console.error(`audit:verify: warning: ${warning}`);
  if (result.ok) {
    const anchored = result.anchoredSeq === null ? "no anchor yet" : `anchored at record ${result.anchoredSeq}`;
    console.log(`audit:verify: ok — ${result.count} records, chain intact, ${anchored} (${result.anchors} anchor(s) checked)`);
    // Verified: the head is anchored now (a cut after this run is detected by the next one).
    const head = key ? await audit.anchorHead() : null;
    if (head) console.log(`audit:verify: head anchored at record ${head.seq}`);
    const target = args["export-head"];
    if (target) {
      if (!head) usage(key ? "nothing to export: the audit trail is empty" : "--export-head needs the secret key (DOCKMASTER_SECRET_KEY or DOCKMASTER_DATA_DIR)");
      if (target === "-") process.stdout.write(anchorFileText(head));
      else writeFileSync(target, anchorFileText(head), { mode: 0o644 });
      if (target !== "-") console.log(`audit:verify: head (record ${head.seq}) written to ${target}: keep it where the database's writers cannot reach`);
    }
  } else {
    console.error(`audit:verify: BROKEN at record ${result.brokenAt}: ${result.reason} (${result.count} records verified before it)`);
    for (const problem of result.problems.slice(1)) console.error(`audit:verify: also: ${problem}`);
    process.exitCode = 1;
  }
} finally {
  await audit.close();
  await database.close();
}
