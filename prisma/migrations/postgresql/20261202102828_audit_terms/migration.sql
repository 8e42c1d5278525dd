-- CreateTable
CREATE TABLE "AuditTerm" (
    "term" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,

    CONSTRAINT "AuditTerm_pkey" PRIMARY KEY ("term","seq")
);

-- CreateIndex
CREATE INDEX "AuditTerm_seq_idx" ON "AuditTerm"("seq");
