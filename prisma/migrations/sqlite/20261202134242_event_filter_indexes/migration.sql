-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_EngineEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "hostId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "timeNano" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorName" TEXT NOT NULL DEFAULT '',
    "image" TEXT NOT NULL DEFAULT '',
    "attributes" TEXT NOT NULL DEFAULT '{}',
    "time" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_EngineEvent" ("action", "actorId", "actorName", "attributes", "hostId", "id", "receivedAt", "seq", "time", "timeNano", "type") SELECT "action", "actorId", "actorName", "attributes", "hostId", "id", "receivedAt", "seq", "time", "timeNano", "type" FROM "EngineEvent";
DROP TABLE "EngineEvent";
ALTER TABLE "new_EngineEvent" RENAME TO "EngineEvent";
CREATE INDEX "EngineEvent_hostId_receivedAt_idx" ON "EngineEvent"("hostId", "receivedAt");
CREATE INDEX "EngineEvent_time_idx" ON "EngineEvent"("time");
CREATE INDEX "EngineEvent_hostId_time_idx" ON "EngineEvent"("hostId", "time");
CREATE INDEX "EngineEvent_type_action_time_idx" ON "EngineEvent"("type", "action", "time");
CREATE INDEX "EngineEvent_image_time_idx" ON "EngineEvent"("image", "time");
CREATE INDEX "EngineEvent_actorName_time_idx" ON "EngineEvent"("actorName", "time");
CREATE UNIQUE INDEX "EngineEvent_hostId_seq_key" ON "EngineEvent"("hostId", "seq");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
