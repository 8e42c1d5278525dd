-- CreateTable
CREATE TABLE "RegistryCredential" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "serverAddress" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "passwordSealed" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RegistryCredential_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RegistryCredential_name_key" ON "RegistryCredential"("name");

-- CreateIndex
CREATE UNIQUE INDEX "RegistryCredential_host_key" ON "RegistryCredential"("host");
