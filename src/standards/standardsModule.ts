import type { DomainModule, ResolverClass } from "../context";
import type { PrismaClient } from "../db";
import { StandardsResolver } from "./standardsResolver";
import { StandardsService } from "./standardsService";

/** The standards domain for a gateway node: standards and eligibility queries over the node's seeded database. */
export function createStandardsModule(prisma: PrismaClient): DomainModule {
  const service = new StandardsService(prisma);
  return {
    name: "standards",
    resolvers: [StandardsResolver],
    instances: new Map<ResolverClass, object>([[StandardsResolver, new StandardsResolver(service)]]),
  };
}
