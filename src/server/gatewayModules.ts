import { createAuditModule, type AuditReviewOptions } from "../audit";
import { createAuthModule } from "../auth";
import type { Region } from "../config";
import type { DomainModule, ForwardRoute, PeerFieldLink, PeerLink, PeerOutbox } from "../context";
import type { PrismaClient } from "../db";
import { createExplainModule, type ExplainTarget } from "../policy";
import { createFamilySearchStatisticsModule, createReliefModule } from "../relief";
import { createStandardsModule } from "../standards";
import { createVerificationModule, type HouseholdLookups } from "../verification";

/** Every domain a node serves, in one list (the schema is the union of their resolvers). */
export interface ModuleOptions {
  maxPageSize?: number;
  peers?: PeerLink;
  /** Where household lookups are read (default: one statement over `prisma`; the bench's in-memory rows). */
  householdLookups?: HouseholdLookups;
  audit?: AuditReviewOptions;
  /** Family search across the border: searches as the caller, and the outbox of continuous matching. */
  /** familySearchStatistics: figures below this count are withheld (STATISTICS_MIN_CELL_COUNT). */
  statisticsMinCellCount?: number;
  relief?: { peers: PeerFieldLink; peerRegions: readonly Region[]; outbox: () => PeerOutbox | undefined; peerFirstAttemptWaitMs?: number };
}

export function gatewayModules(prisma: PrismaClient, region: Region, explainTarget: ExplainTarget = {}, options: ModuleOptions = {}): DomainModule[] {
  return [
    createAuthModule(),
    createExplainModule(explainTarget),
    createVerificationModule(prisma, region, options),
    createStandardsModule(prisma),
    createReliefModule(prisma, { region, ...options.relief }),
    createFamilySearchStatisticsModule(prisma, { region, minCellCount: options.statisticsMinCellCount }),
    // Printing the schema builds modules without keys; the review service is only called at run time.
    createAuditModule(prisma, options.audit ?? { subjectKey: "schema-printing-only-never-used-00000000", publicKeys: { keys: [] } }),
  ];
}

/** Every module's forwarding declarations in one map; a root field declared twice is a start-up error. */
export function forwardedRootFieldsOf(modules: readonly DomainModule[]): Record<string, ForwardRoute> {
  const routes: Record<string, ForwardRoute> = {};
  for (const module of modules) {
    for (const [field, route] of Object.entries(module.forwardedRootFields ?? {})) {
      if (routes[field]) throw new Error(`root field ${field} is declared for forwarding twice (module ${module.name})`);
      routes[field] = route;
    }
  }
  return routes;
}
