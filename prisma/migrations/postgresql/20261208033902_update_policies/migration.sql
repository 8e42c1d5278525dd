-- CreateTable
CREATE TABLE "StackUpdatePolicy" (
    "stackId" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StackUpdatePolicy_pkey" PRIMARY KEY ("stackId")
);

-- CreateTable
CREATE TABLE "UpdateRollback" (
    "id" TEXT NOT NULL,
    "hostId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "tag" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UpdateRollback_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "UpdateRollback_hostId_subject_idx" ON "UpdateRollback"("hostId", "subject");
