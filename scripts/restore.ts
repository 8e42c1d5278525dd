// npm run restore -- BACKUP_DIR
// Restores a backup (npm run backup) into a FRESH install: DATABASE_URL must name an empty
// database (SQLite: no file yet in DOCKMASTER_DATA_DIR) and the server must not run. The secret
// key comes from DOCKMASTER_SECRET_KEY, the data dir's key file, or the backup (with
// DOCKMASTER_BACKUP_PASSPHRASE); it must be the backed-up install's. Then start the server:
// users, roles, hosts, registries and the audit trail are back, agents reconnect with their
// secrets, and `npm run audit:verify` checks the chain.
import { loadConfig } from "../apps/web/src/config";
import { restoreBackup } from "../apps/web/src/server/backups/backups";

const [backupDir] = process.argv.slice(2).filter((a) => a !== "--");
if (!backupDir) {
  console.error("usage: npm run restore -- BACKUP_DIR");
  process.exit(2);
}
const config = loadConfig();
try {
  const manifest = await restoreBackup(backupDir, {
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    envSecretKey: config.secretKey ? Buffer.from(config.secretKey, "base64") : undefined,
    passphrase: config.backup.passphrase,
  });
  console.log(`restore: ${manifest.provider} database of ${manifest.createdAt} restored into ${config.databaseUrl.startsWith("file:") ? config.dataDir : "DATABASE_URL"}; start the server`);
} catch (error) {
  console.error(`restore: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
