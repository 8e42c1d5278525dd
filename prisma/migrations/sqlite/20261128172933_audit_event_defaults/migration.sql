-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AuditEvent" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "time" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "actorName" TEXT,
    "ip" TEXT,
    "userAgent" TEXT,
    "action" TEXT NOT NULL,
    "hostId" TEXT,
    "targetType" TEXT,
    "targetId" TEXT,
    "targetName" TEXT,
    "params" TEXT NOT NULL DEFAULT '{}',
    "result" TEXT NOT NULL,
    "error" TEXT,
    "durationMs" INTEGER,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL
);
INSERT INTO "new_AuditEvent" ("action", "actorId", "actorName", "actorType", "durationMs", "error", "hash", "hostId", "ip", "params", "prevHash", "result", "seq", "targetId", "targetName", "targetType", "time", "userAgent") SELECT "action", "actorId", "actorName", "actorType", "durationMs", "error", "hash", "hostId", "ip", "params", "prevHash", "result", "seq", "targetId", "targetName", "targetType", "time", "userAgent" FROM "AuditEvent";
DROP TABLE "AuditEvent";
ALTER TABLE "new_AuditEvent" RENAME TO "AuditEvent";
CREATE INDEX "AuditEvent_time_idx" ON "AuditEvent"("time");
CREATE INDEX "AuditEvent_actorId_idx" ON "AuditEvent"("actorId");
CREATE INDEX "AuditEvent_hostId_idx" ON "AuditEvent"("hostId");
CREATE INDEX "AuditEvent_action_idx" ON "AuditEvent"("action");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
