-- DropIndex
DROP INDEX "EngineEvent_type_action_idx";

-- AlterTable
ALTER TABLE "EngineEvent" ADD COLUMN     "image" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "EngineEvent_type_action_time_idx" ON "EngineEvent"("type", "action", "time");

-- CreateIndex
CREATE INDEX "EngineEvent_image_time_idx" ON "EngineEvent"("image", "time");

-- CreateIndex
CREATE INDEX "EngineEvent_actorName_time_idx" ON "EngineEvent"("actorName", "time");
