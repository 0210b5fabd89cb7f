-- AlterTable
ALTER TABLE "AuditEntry" ADD COLUMN     "rowRules" TEXT;
