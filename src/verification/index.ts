// Household verification door (社会救助家庭经济状况核对): types, resolvers and the service.
import type { Region } from "../config";
import type { DomainModule } from "../context";
import type { PrismaClient } from "../db";
import { HouseholdResolver, HouseholdVerificationResolver } from "./verificationResolver";
import { VerificationService } from "./verificationService";

export { regionOfRecordId } from "./verificationResolver";
export { HouseholdVerification, HouseholdMember, Household } from "./verificationTypes";

export function createVerificationModule(prisma: PrismaClient, homeRegion: Region): DomainModule {
  const service = new VerificationService(prisma, homeRegion);
  return {
    name: "verification",
    resolvers: [HouseholdVerificationResolver, HouseholdResolver],
    instances: new Map<Function, object>([
      [HouseholdVerificationResolver, new HouseholdVerificationResolver(service)],
      [HouseholdResolver, new HouseholdResolver(service)],
    ]),
  };
}
