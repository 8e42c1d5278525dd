-- CreateIndex
CREATE INDEX "EngineEvent_hostId_type_action_time_idx" ON "EngineEvent"("hostId", "type", "action", "time");
