-- AlterTable
ALTER TABLE "AlertChannel" ADD COLUMN     "quietHours" TEXT;

-- AlterTable
ALTER TABLE "AlertRule" ADD COLUMN     "denialCount" INTEGER NOT NULL DEFAULT 5,
ADD COLUMN     "denialWindowMin" INTEGER NOT NULL DEFAULT 10,
ADD COLUMN     "diskThresholdGb" DOUBLE PRECISION NOT NULL DEFAULT 100,
ADD COLUMN     "stacks" TEXT NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "AlertDelivery" ADD COLUMN     "heldUntil" TIMESTAMP(3);
