-- AlterTable
ALTER TABLE "SnapshotContainer" ADD COLUMN     "composeProject" TEXT;

-- CreateIndex
CREATE INDEX "SnapshotContainer_hostId_composeProject_idx" ON "SnapshotContainer"("hostId", "composeProject");

