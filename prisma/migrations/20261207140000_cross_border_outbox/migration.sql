-- CreateTable
CREATE TABLE "PeerOutboxEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "peerRegion" TEXT NOT NULL,
    "module" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" DATETIME
);

-- CreateIndex
CREATE INDEX "PeerOutboxEntry_deliveredAt_nextAttemptAt_idx" ON "PeerOutboxEntry"("deliveredAt", "nextAttemptAt");
