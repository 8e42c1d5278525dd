-- CreateTable
CREATE TABLE "Stack" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "hostId" TEXT,
    "hostGroupId" TEXT,
    "gitUrl" TEXT,
    "gitBranch" TEXT,
    "gitPath" TEXT,
    "gitFiles" TEXT,
    "gitUsername" TEXT,
    "gitPasswordSealed" TEXT,
    "webhookSecretSealed" TEXT,
    "pollIntervalSeconds" INTEGER,
    "autoDeploy" BOOLEAN NOT NULL DEFAULT false,
    "lastPolledAt" DATETIME,
    "lastWebhookId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT
);

-- CreateTable
CREATE TABLE "StackRevision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "stackId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "composeFiles" TEXT NOT NULL,
    "otherFiles" TEXT NOT NULL DEFAULT '[]',
    "envSealed" TEXT NOT NULL DEFAULT '',
    "message" TEXT NOT NULL DEFAULT '',
    "authorId" TEXT,
    "authorName" TEXT,
    "contentHash" TEXT NOT NULL,
    "gitCommit" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "StackRevision_stackId_fkey" FOREIGN KEY ("stackId") REFERENCES "Stack" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StackHostEnv" (
    "stackId" TEXT NOT NULL,
    "hostId" TEXT NOT NULL,
    "envSealed" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("stackId", "hostId"),
    CONSTRAINT "StackHostEnv_stackId_fkey" FOREIGN KEY ("stackId") REFERENCES "Stack" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StackDeploy" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "stackId" TEXT NOT NULL,
    "revisionId" TEXT,
    "revisionNumber" INTEGER,
    "hostId" TEXT NOT NULL,
    "operationId" TEXT,
    "action" TEXT NOT NULL DEFAULT 'deploy',
    "status" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "summary" TEXT NOT NULL DEFAULT '{}',
    CONSTRAINT "StackDeploy_stackId_fkey" FOREIGN KEY ("stackId") REFERENCES "Stack" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Stack_hostId_name_key" ON "Stack"("hostId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Stack_hostGroupId_name_key" ON "Stack"("hostGroupId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "StackRevision_stackId_number_key" ON "StackRevision"("stackId", "number");

-- CreateIndex
CREATE INDEX "StackDeploy_stackId_startedAt_idx" ON "StackDeploy"("stackId", "startedAt");

-- CreateIndex
CREATE INDEX "StackDeploy_hostId_stackId_idx" ON "StackDeploy"("hostId", "stackId");
