-- CreateTable
CREATE TABLE "AuditAnchor" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "seq" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "time" DATETIME NOT NULL,
    "keyId" TEXT NOT NULL,
    "prevSignature" TEXT,
    "signature" TEXT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "AuditAnchor_signature_key" ON "AuditAnchor"("signature");

-- CreateIndex
CREATE INDEX "AuditAnchor_seq_idx" ON "AuditAnchor"("seq");
