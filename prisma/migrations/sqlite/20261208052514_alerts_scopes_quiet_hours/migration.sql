-- AlterTable
ALTER TABLE "AlertChannel" ADD COLUMN "quietHours" TEXT;

-- AlterTable
ALTER TABLE "AlertDelivery" ADD COLUMN "heldUntil" DATETIME;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AlertRule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "kinds" TEXT NOT NULL DEFAULT '[]',
    "hostIds" TEXT NOT NULL DEFAULT '[]',
    "hostGroupIds" TEXT NOT NULL DEFAULT '[]',
    "hostLabels" TEXT NOT NULL DEFAULT '{}',
    "stacks" TEXT NOT NULL DEFAULT '[]',
    "channelIds" TEXT NOT NULL DEFAULT '[]',
    "restartCount" INTEGER NOT NULL DEFAULT 5,
    "restartWindowMin" INTEGER NOT NULL DEFAULT 10,
    "diskThresholdGb" REAL NOT NULL DEFAULT 100,
    "denialCount" INTEGER NOT NULL DEFAULT 5,
    "denialWindowMin" INTEGER NOT NULL DEFAULT 10,
    "groupWindowSec" INTEGER NOT NULL DEFAULT 3600,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_AlertRule" ("channelIds", "createdAt", "enabled", "groupWindowSec", "hostGroupIds", "hostIds", "hostLabels", "id", "kinds", "name", "restartCount", "restartWindowMin", "updatedAt") SELECT "channelIds", "createdAt", "enabled", "groupWindowSec", "hostGroupIds", "hostIds", "hostLabels", "id", "kinds", "name", "restartCount", "restartWindowMin", "updatedAt" FROM "AlertRule";
DROP TABLE "AlertRule";
ALTER TABLE "new_AlertRule" RENAME TO "AlertRule";
CREATE UNIQUE INDEX "AlertRule_name_key" ON "AlertRule"("name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
