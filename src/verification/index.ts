// Household verification door (社会救助家庭经济状况核对): types, resolvers and the service.
import type { Region } from "../config";
import type { DomainModule, PeerLink, ResolverClass } from "../context";
import type { PrismaClient } from "../db";
import { HouseholdResolver, HouseholdVerificationResolver, VerificationChangeResolver } from "./verificationResolver";
import { VerificationService } from "./verificationService";
import type { HouseholdLookups } from "./householdLookupStatement";
import { VerificationRequestResolver } from "./verificationRequestResolver";
import { VerificationRequestService } from "./verificationRequestService";
import { VERIFICATION_REQUEST_CHANNEL, VerificationRequestNotifications, VerificationRequestSubscriptionResolver } from "./verificationRequestNotifications";
import { PublicationResolver } from "./publicationResolver";
import { PublicationService } from "./publicationService";

export { regionOfRecordId } from "./verificationResolver";
export { HouseholdLookupStatement, type HouseholdLookups, type VerificationWithRelations } from "./householdLookupStatement";
export type { VerificationRelations } from "./verificationService";
export { HouseholdVerification, HouseholdMember, Household } from "./verificationTypes";
export { validatePublication, validateHousehold, chinaDateOf, type ValidHousehold, type PublicationDraft, type PublicationProblem, type ValidPublication } from "./publicationRules";
export { storePublication, storePublicationBatch, storeHousehold, storeHouseholdBatch, BatchRecordConflict, PublicationConflict, type PublicationOutcome, type StoredPublication } from "./publicationStore";
export { DEFAULT_REVIEW_INTERVAL_MONTHS, REVIEW_INTERVAL_SOURCES } from "./reviewIntervals";

/** Until the node wires its peers in, a module built alone (e.g. to print the schema) has none. */
const NO_PEERS: PeerLink = {
  ask: async (region) => ({ data: null, errors: [{ message: `no peer for ${region}` }] }),
};

export function createVerificationModule(
  prisma: PrismaClient,
  homeRegion: Region,
  options: { maxPageSize?: number; peers?: PeerLink; householdLookups?: HouseholdLookups } = {},
): DomainModule {
  const service = new VerificationService(prisma, homeRegion, options.maxPageSize ?? 100, options.householdLookups);
  const notifications = new VerificationRequestNotifications();
  const requests = new VerificationRequestService(prisma, homeRegion, options.peers ?? NO_PEERS, (request) => notifications.emit("received", request));
  return {
    name: "verification",
    resolvers: [HouseholdVerificationResolver, HouseholdResolver, VerificationRequestResolver, VerificationRequestSubscriptionResolver, PublicationResolver, VerificationChangeResolver],
    instances: new Map<ResolverClass, object>([
      [HouseholdVerificationResolver, new HouseholdVerificationResolver(service)],
      [HouseholdResolver, new HouseholdResolver(service)],
      [VerificationChangeResolver, new VerificationChangeResolver(service)],
      [VerificationRequestResolver, new VerificationRequestResolver(requests)],
      [VerificationRequestSubscriptionResolver, new VerificationRequestSubscriptionResolver()],
      [PublicationResolver, new PublicationResolver(new PublicationService(prisma, homeRegion, requests))],
    ]),
    forwardedRootFields: {
      householdVerification: { kind: "id", arg: "id" },
      verificationsByIdNumber: { kind: "regions" },
    },
    subscriptionContext: (context) => notifications.attachTo(context, VERIFICATION_REQUEST_CHANNEL),
    notifications: {
      events: ["verificationRequestReceived"],
      type: "CrossRegionVerificationRequest",
      listen: (_event, send) => notifications.listen("received", send),
    },
  };
}
