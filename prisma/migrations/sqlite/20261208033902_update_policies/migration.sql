-- CreateTable
CREATE TABLE "StackUpdatePolicy" (
    "stackId" TEXT NOT NULL PRIMARY KEY,
    "mode" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "UpdateRollback" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "hostId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "tag" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "UpdateRollback_hostId_subject_idx" ON "UpdateRollback"("hostId", "subject");
