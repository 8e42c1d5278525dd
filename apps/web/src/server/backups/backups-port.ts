import type { BackupInfo, BackupsPort } from "@dockmaster/api";
import { createBackup, listBackups, pruneBackups, type BackupManifest, type BackupSource } from "./backups";

const info = (name: string, manifest: BackupManifest): BackupInfo => ({ name, createdAt: manifest.createdAt, provider: manifest.provider, bytes: manifest.database.bytes, keyIncluded: manifest.keyIncluded });

/** The admin page's view of the backup directory: list, and "back up now" with the same retention as the schedule. */
export function backupsPort(source: BackupSource, dir: string, keep: number, schedule: string | undefined): BackupsPort {
  return {
    settings: { dir, keep, schedule: schedule ?? null, passphraseSet: Boolean(source.passphrase) },
    list: () => listBackups(dir).map((b) => info(b.name, b.manifest)),
    async create() {
      const { path, manifest } = await createBackup(source, dir);
      const removed = pruneBackups(dir, keep);
      return { backup: info(path.split("/").pop()!, manifest), removed };
    },
  };
}
