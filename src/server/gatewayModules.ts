import { createAuditModule, type AuditReviewOptions } from "../audit";
import { createAuthModule } from "../auth";
import type { Region } from "../config";
import type { DomainModule, PeerFieldLink, PeerLink, PeerOutbox } from "../context";
import type { PrismaClient } from "../db";
import { createExplainModule, type ExplainTarget } from "../policy";
import { createReliefModule } from "../relief";
import { createStandardsModule } from "../standards";
import { createVerificationModule } from "../verification";

/** Every domain a node serves, in one list (the schema is the union of their resolvers). */
export interface ModuleOptions {
  maxPageSize?: number;
  peers?: PeerLink;
  audit?: AuditReviewOptions;
  /** Family search across the border: searches as the caller, and the outbox of continuous matching. */
  relief?: { peers: PeerFieldLink; peerRegions: readonly Region[]; outbox: () => PeerOutbox | undefined };
}

export function gatewayModules(prisma: PrismaClient, region: Region, explainTarget: ExplainTarget = {}, options: ModuleOptions = {}): DomainModule[] {
  return [
    createAuthModule(),
    createExplainModule(explainTarget),
    createVerificationModule(prisma, region, options),
    createStandardsModule(prisma),
    createReliefModule(prisma, { region, ...options.relief }),
    // Printing the schema builds modules without keys; the review service is only called at run time.
    createAuditModule(prisma, options.audit ?? { subjectKey: "schema-printing-only-never-used-00000000", publicKeys: { keys: [] } }),
  ];
}
