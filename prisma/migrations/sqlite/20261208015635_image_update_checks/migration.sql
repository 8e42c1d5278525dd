-- CreateTable
CREATE TABLE "ImageUpdateCheck" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "registry" TEXT NOT NULL,
    "repository" TEXT NOT NULL,
    "tag" TEXT NOT NULL,
    "remoteDigest" TEXT,
    "error" TEXT,
    "checkedAt" DATETIME NOT NULL
);
