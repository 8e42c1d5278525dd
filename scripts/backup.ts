// npm run backup [-- --dir DIR]
// A consistent backup of the install DATABASE_URL / DOCKMASTER_DATA_DIR name, taken while the server
// runs (SQLite online backup, or pg_dump): apps/web/src/server/backups/backups.ts says what it holds.
// The secret key goes in only encrypted with DOCKMASTER_BACKUP_PASSPHRASE; without one the backup
// names the key's fingerprint and the restore needs the key. Keeps the newest DOCKMASTER_BACKUP_KEEP.
import { parseArgs } from "node:util";
import { loadConfig } from "../apps/web/src/config";
import { createBackup, pruneBackups } from "../apps/web/src/server/backups/backups";
import { existingSecretKey } from "../apps/web/src/server/secret-key";

const { values } = parseArgs({ options: { dir: { type: "string" } }, strict: true });
const config = loadConfig();
const key = existingSecretKey(config.dataDir, config.secretKey);
if (!key) {
  console.error(`backup: no secret key (DOCKMASTER_SECRET_KEY or ${config.dataDir}/secret.key): is DOCKMASTER_DATA_DIR the install's data directory?`);
  process.exit(2);
}
const dir = values.dir ?? config.backup.dir;
try {
  const { path, manifest } = await createBackup({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, secretKey: key, passphrase: config.backup.passphrase }, dir);
  const pruned = pruneBackups(dir, config.backup.keep);
  console.log(`backup: ${path} (${manifest.provider}, ${manifest.database.bytes} bytes, secret key ${manifest.keyIncluded ? "included, encrypted with the passphrase" : `not included: keep it (fingerprint ${manifest.keyFingerprint})`})`);
  if (pruned.length) console.log(`backup: removed ${pruned.length} older backup(s), keeping ${config.backup.keep}`);
} catch (error) {
  console.error(`backup: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
