-- CreateTable
CREATE TABLE "RegistryCredential" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "serverAddress" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "passwordSealed" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "RegistryCredential_name_key" ON "RegistryCredential"("name");

-- CreateIndex
CREATE UNIQUE INDEX "RegistryCredential_host_key" ON "RegistryCredential"("host");
