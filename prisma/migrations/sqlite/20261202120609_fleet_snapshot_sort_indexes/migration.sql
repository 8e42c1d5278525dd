-- DropIndex
DROP INDEX "SnapshotContainer_name_idx";

-- DropIndex
DROP INDEX "SnapshotContainer_state_idx";

-- DropIndex
DROP INDEX "SnapshotContainer_image_idx";

-- DropIndex
DROP INDEX "SnapshotContainer_created_idx";

-- CreateIndex
CREATE INDEX "SnapshotContainer_name_hostId_containerId_idx" ON "SnapshotContainer"("name", "hostId", "containerId");

-- CreateIndex
CREATE INDEX "SnapshotContainer_state_name_hostId_containerId_idx" ON "SnapshotContainer"("state", "name", "hostId", "containerId");

-- CreateIndex
CREATE INDEX "SnapshotContainer_image_name_hostId_containerId_idx" ON "SnapshotContainer"("image", "name", "hostId", "containerId");

-- CreateIndex
CREATE INDEX "SnapshotContainer_created_hostId_containerId_idx" ON "SnapshotContainer"("created", "hostId", "containerId");

-- CreateIndex
CREATE INDEX "SnapshotContainer_hostId_name_containerId_idx" ON "SnapshotContainer"("hostId", "name", "containerId");
