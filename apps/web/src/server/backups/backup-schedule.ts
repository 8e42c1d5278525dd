import { Cron } from "croner";
import type { AuditLog } from "@dockmaster/core";
import { log } from "../logger";
import { createBackup, pruneBackups, type BackupSource } from "./backups";

/**
 * Scheduled backups (DOCKMASTER_BACKUP_SCHEDULE, a cron expression read by croner): each run
 * writes a backup, keeps the newest `keep` and is audited. A run still going when the next is due
 * is not doubled (protect). Scale-out: set the schedule on one instance only.
 */
export function scheduleBackups(schedule: string, source: BackupSource, dir: string, keep: number, audit: AuditLog): { stop(): void } {
  const job = new Cron(schedule, { protect: true, name: "dockmaster-backup" }, async () => {
    const actor = { type: "system" as const, name: "backup schedule" };
    try {
      const { path, manifest } = await createBackup(source, dir);
      const pruned = pruneBackups(dir, keep);
      log.info("scheduled backup written", { path, bytes: manifest.database.bytes, pruned: pruned.length });
      await audit.append({ actor, action: "backup.create", target: { type: "backup", name: path }, result: "ok", params: { keyIncluded: manifest.keyIncluded, pruned } });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error("scheduled backup failed", { error: message });
      await audit.append({ actor, action: "backup.create", target: { type: "backup", name: dir }, result: "error", error: message }).catch(() => undefined);
    }
  });
  log.info("backups scheduled", { schedule, dir, keep, next: job.nextRun()?.toISOString() });
  return { stop: () => job.stop() };
}
