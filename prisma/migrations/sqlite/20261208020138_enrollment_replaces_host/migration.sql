-- AlterTable
ALTER TABLE "EnrollmentToken" ADD COLUMN "replacesHostId" TEXT;
