-- CreateTable
CREATE TABLE "ImageUpdateCheck" (
    "key" TEXT NOT NULL,
    "registry" TEXT NOT NULL,
    "repository" TEXT NOT NULL,
    "tag" TEXT NOT NULL,
    "remoteDigest" TEXT,
    "error" TEXT,
    "checkedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ImageUpdateCheck_pkey" PRIMARY KEY ("key")
);
