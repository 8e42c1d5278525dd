-- AlterTable
ALTER TABLE "Operation" ADD COLUMN "batchId" TEXT;

-- CreateTable
CREATE TABLE "HostHistory" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "hostId" TEXT NOT NULL,
    "time" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "reason" TEXT
);

-- CreateTable
CREATE TABLE "DirectEngine" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "hostId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "tlsSealed" TEXT,
    "agentStateSealed" TEXT,
    "ownerInstanceId" TEXT,
    "leaseUntil" DATETIME,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ControlPlaneInstance" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "beatAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "SnapshotContainer" (
    "hostId" TEXT NOT NULL,
    "containerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "image" TEXT NOT NULL,
    "imageId" TEXT NOT NULL DEFAULT '',
    "state" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT '',
    "command" TEXT NOT NULL DEFAULT '',
    "ports" TEXT NOT NULL DEFAULT '',
    "labels" TEXT NOT NULL DEFAULT '{}',
    "networks" TEXT NOT NULL DEFAULT '',
    "created" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("hostId", "containerId")
);

-- CreateTable
CREATE TABLE "HostSnapshot" (
    "hostId" TEXT NOT NULL PRIMARY KEY,
    "info" TEXT NOT NULL DEFAULT '{}',
    "images" TEXT NOT NULL DEFAULT '[]',
    "networks" TEXT NOT NULL DEFAULT '[]',
    "volumes" TEXT NOT NULL DEFAULT '[]',
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "OperationBatch" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "action" TEXT NOT NULL,
    "actorId" TEXT,
    "actorName" TEXT,
    "total" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Host" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "labels" TEXT NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'offline',
    "statusReason" TEXT,
    "engineId" TEXT,
    "engineName" TEXT,
    "engineVersion" TEXT,
    "apiVersion" TEXT,
    "os" TEXT,
    "arch" TEXT,
    "kernelVersion" TEXT,
    "agentVersion" TEXT,
    "secretHash" TEXT,
    "connectedAt" DATETIME,
    "lastSeenAt" DATETIME,
    "revokedAt" DATETIME,
    "lastEventSeq" INTEGER NOT NULL DEFAULT 0,
    "lastEventTimeNano" TEXT,
    "groupId" TEXT,
    "cpus" INTEGER,
    "memoryBytes" BIGINT,
    "containerCount" INTEGER NOT NULL DEFAULT 0,
    "runningCount" INTEGER NOT NULL DEFAULT 0,
    "imageCount" INTEGER NOT NULL DEFAULT 0,
    "connectedInstanceId" TEXT,
    "syncedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Host" ("agentVersion", "apiVersion", "arch", "connectedAt", "createdAt", "engineId", "engineName", "engineVersion", "groupId", "id", "kernelVersion", "labels", "lastEventSeq", "lastSeenAt", "name", "os", "revokedAt", "secretHash", "status", "statusReason", "updatedAt") SELECT "agentVersion", "apiVersion", "arch", "connectedAt", "createdAt", "engineId", "engineName", "engineVersion", "groupId", "id", "kernelVersion", "labels", "lastEventSeq", "lastSeenAt", "name", "os", "revokedAt", "secretHash", "status", "statusReason", "updatedAt" FROM "Host";
DROP TABLE "Host";
ALTER TABLE "new_Host" RENAME TO "Host";
CREATE INDEX "Host_status_idx" ON "Host"("status");
CREATE INDEX "Host_groupId_idx" ON "Host"("groupId");
CREATE TABLE "new_EnrollmentToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "hostName" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "hostId" TEXT,
    "labels" TEXT NOT NULL DEFAULT '{}',
    "groupId" TEXT
);
INSERT INTO "new_EnrollmentToken" ("createdAt", "createdById", "expiresAt", "hostId", "hostName", "id", "tokenHash", "usedAt") SELECT "createdAt", "createdById", "expiresAt", "hostId", "hostName", "id", "tokenHash", "usedAt" FROM "EnrollmentToken";
DROP TABLE "EnrollmentToken";
ALTER TABLE "new_EnrollmentToken" RENAME TO "EnrollmentToken";
CREATE UNIQUE INDEX "EnrollmentToken_tokenHash_key" ON "EnrollmentToken"("tokenHash");
CREATE TABLE "new_EngineEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "hostId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "timeNano" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorName" TEXT NOT NULL DEFAULT '',
    "attributes" TEXT NOT NULL DEFAULT '{}',
    "time" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_EngineEvent" ("action", "actorId", "attributes", "hostId", "id", "receivedAt", "seq", "timeNano", "type") SELECT "action", "actorId", "attributes", "hostId", "id", "receivedAt", "seq", "timeNano", "type" FROM "EngineEvent";
DROP TABLE "EngineEvent";
ALTER TABLE "new_EngineEvent" RENAME TO "EngineEvent";
CREATE INDEX "EngineEvent_hostId_receivedAt_idx" ON "EngineEvent"("hostId", "receivedAt");
CREATE INDEX "EngineEvent_time_idx" ON "EngineEvent"("time");
CREATE INDEX "EngineEvent_hostId_time_idx" ON "EngineEvent"("hostId", "time");
CREATE INDEX "EngineEvent_type_action_idx" ON "EngineEvent"("type", "action");
CREATE UNIQUE INDEX "EngineEvent_hostId_seq_key" ON "EngineEvent"("hostId", "seq");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "HostHistory_hostId_time_idx" ON "HostHistory"("hostId", "time");

-- CreateIndex
CREATE UNIQUE INDEX "DirectEngine_hostId_key" ON "DirectEngine"("hostId");

-- CreateIndex
CREATE INDEX "SnapshotContainer_name_idx" ON "SnapshotContainer"("name");

-- CreateIndex
CREATE INDEX "SnapshotContainer_state_idx" ON "SnapshotContainer"("state");

-- CreateIndex
CREATE INDEX "SnapshotContainer_image_idx" ON "SnapshotContainer"("image");

-- CreateIndex
CREATE INDEX "SnapshotContainer_created_idx" ON "SnapshotContainer"("created");

-- CreateIndex
CREATE INDEX "Operation_batchId_idx" ON "Operation"("batchId");
