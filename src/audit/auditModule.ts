import type { DomainModule, ResolverClass } from "../context";
import type { PrismaClient } from "../db";
import { AuditReviewService, type AuditReviewOptions } from "./auditReview";
import { AuditReviewResolver } from "./auditReviewResolver";

/** The compliance officers' review queries (accessLog, subjectAccessReport, accessAnomalies, auditIntegrity). */
export function createAuditModule(prisma: PrismaClient, options: AuditReviewOptions): DomainModule {
  const service = new AuditReviewService(prisma, options);
  return {
    name: "audit",
    resolvers: [AuditReviewResolver],
    instances: new Map<ResolverClass, object>([[AuditReviewResolver, new AuditReviewResolver(service)]]),
    // Who looked at this person is asked of both nodes' logs unless the caller names one.
    forwardedRootFields: { subjectAccessReport: { kind: "regions", defaultTo: "all" } },
  };
}
