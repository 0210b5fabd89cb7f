// Household verification door (社会救助家庭经济状况核对): types, resolvers and the service.
import type { Region } from "../config";
import type { DomainModule, PeerLink } from "../context";
import type { PrismaClient } from "../db";
import { HouseholdResolver, HouseholdVerificationResolver, VerificationChangeResolver } from "./verificationResolver";
import { VerificationService } from "./verificationService";
import { VerificationRequestResolver } from "./verificationRequestResolver";
import { VerificationRequestService } from "./verificationRequestService";
import { PublicationResolver } from "./publicationResolver";
import { PublicationService } from "./publicationService";

export { regionOfRecordId } from "./verificationResolver";
export { HouseholdVerification, HouseholdMember, Household } from "./verificationTypes";
export { validatePublication, validateHousehold, chinaDateOf, type ValidHousehold, type PublicationDraft, type PublicationProblem, type ValidPublication } from "./publicationRules";
export { storePublication, storeHousehold, storeHouseholdBatch, BatchRecordConflict, PublicationConflict, type PublicationOutcome, type StoredPublication } from "./publicationStore";
export { DEFAULT_REVIEW_INTERVAL_MONTHS, REVIEW_INTERVAL_SOURCES } from "./reviewIntervals";

/** Until the node wires its peers in, a module built alone (e.g. to print the schema) has none. */
const NO_PEERS: PeerLink = {
  ask: async (region) => ({ data: null, errors: [{ message: `no peer for ${region}` }] }),
};

export function createVerificationModule(
  prisma: PrismaClient,
  homeRegion: Region,
  options: { maxPageSize?: number; peers?: PeerLink } = {},
): DomainModule {
  const service = new VerificationService(prisma, homeRegion, options.maxPageSize ?? 100);
  const requests = new VerificationRequestService(prisma, homeRegion, options.peers ?? NO_PEERS);
  return {
    name: "verification",
    resolvers: [HouseholdVerificationResolver, HouseholdResolver, VerificationRequestResolver, PublicationResolver, VerificationChangeResolver],
    instances: new Map<Function, object>([
      [HouseholdVerificationResolver, new HouseholdVerificationResolver(service)],
      [HouseholdResolver, new HouseholdResolver(service)],
      [VerificationChangeResolver, new VerificationChangeResolver(service)],
      [VerificationRequestResolver, new VerificationRequestResolver(requests)],
      [PublicationResolver, new PublicationResolver(new PublicationService(prisma, homeRegion, requests))],
    ]),
  };
}
