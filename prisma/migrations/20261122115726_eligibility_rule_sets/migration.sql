-- CreateTable
CREATE TABLE "EligibilityRuleSet" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "region" TEXT NOT NULL,
    "effectiveFrom" TEXT NOT NULL,
    "yamlText" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "EligibilityRuleSet_region_effectiveFrom_key" ON "EligibilityRuleSet"("region", "effectiveFrom");
