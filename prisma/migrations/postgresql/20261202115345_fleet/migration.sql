-- AlterTable
ALTER TABLE "Host" ADD COLUMN     "connectedInstanceId" TEXT,
ADD COLUMN     "containerCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "cpus" INTEGER,
ADD COLUMN     "imageCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "lastEventTimeNano" TEXT,
ADD COLUMN     "memoryBytes" BIGINT,
ADD COLUMN     "runningCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "syncedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "EnrollmentToken" ADD COLUMN     "groupId" TEXT,
ADD COLUMN     "labels" TEXT NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "Operation" ADD COLUMN     "batchId" TEXT;

-- AlterTable
ALTER TABLE "EngineEvent" ADD COLUMN     "actorName" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "time" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "HostHistory" (
    "id" SERIAL NOT NULL,
    "hostId" TEXT NOT NULL,
    "time" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "reason" TEXT,

    CONSTRAINT "HostHistory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DirectEngine" (
    "id" TEXT NOT NULL,
    "hostId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "tlsSealed" TEXT,
    "agentStateSealed" TEXT,
    "ownerInstanceId" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DirectEngine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ControlPlaneInstance" (
    "id" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "beatAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ControlPlaneInstance_pkey" PRIMARY KEY ("id")
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
    "created" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SnapshotContainer_pkey" PRIMARY KEY ("hostId","containerId")
);

-- CreateTable
CREATE TABLE "HostSnapshot" (
    "hostId" TEXT NOT NULL,
    "info" TEXT NOT NULL DEFAULT '{}',
    "images" TEXT NOT NULL DEFAULT '[]',
    "networks" TEXT NOT NULL DEFAULT '[]',
    "volumes" TEXT NOT NULL DEFAULT '[]',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HostSnapshot_pkey" PRIMARY KEY ("hostId")
);

-- CreateTable
CREATE TABLE "OperationBatch" (
    "id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "actorId" TEXT,
    "actorName" TEXT,
    "total" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "OperationBatch_pkey" PRIMARY KEY ("id")
);

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
CREATE INDEX "Host_status_idx" ON "Host"("status");

-- CreateIndex
CREATE INDEX "Host_groupId_idx" ON "Host"("groupId");

-- CreateIndex
CREATE INDEX "Operation_batchId_idx" ON "Operation"("batchId");

-- CreateIndex
CREATE INDEX "EngineEvent_time_idx" ON "EngineEvent"("time");

-- CreateIndex
CREATE INDEX "EngineEvent_hostId_time_idx" ON "EngineEvent"("hostId", "time");

-- CreateIndex
CREATE INDEX "EngineEvent_type_action_idx" ON "EngineEvent"("type", "action");
