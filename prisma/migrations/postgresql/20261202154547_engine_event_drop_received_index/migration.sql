-- DropIndex
DROP INDEX "EngineEvent_hostId_receivedAt_idx";
