-- CreateTable
CREATE TABLE "EligibilityRuleSet" (
    "id" TEXT NOT NULL,
    "region" "Region" NOT NULL,
    "effectiveFrom" TEXT NOT NULL,
    "yamlText" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EligibilityRuleSet_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "EligibilityRuleSet_region_effectiveFrom_key" ON "EligibilityRuleSet"("region", "effectiveFrom");
