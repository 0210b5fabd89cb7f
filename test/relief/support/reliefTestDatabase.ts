// A real, migrated database per suite (the shared test database: a SQLite file copied from a
// migrated template, or PostgreSQL under npm run test:pg), and the relief module's schema run
// through graphql-js directly; HTTP tests belong to the server.
import { graphql, type ExecutionResult, type GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { capturingSubjects, emptyAccessFacts, NO_TOPICS_PUBSUB, type DomainModule, type RequestContext, type ResolverClass, type Role, ROW_ENTITIES } from "../../../src/context";
import { createPrismaClient, type PrismaClient } from "../../../src/db";
import type { Region } from "../../../src/config";
import { createTestDatabase } from "../../support/testDatabase";

export interface ReliefTestDatabase {
  prisma: PrismaClient;
  url: string;
  close(): Promise<void>;
}

export async function openMigratedDatabase(): Promise<ReliefTestDatabase> {
  const database = await createTestDatabase();
  const prisma = createPrismaClient(database.url);
  return {
    prisma,
    url: database.url,
    async close() {
      await prisma.$disconnect();
      await database.drop();
    },
  };
}

export async function insertAgency(prisma: PrismaClient, id: string, region: Region, kind: "RELIEF_STATION" | "POLICE" | "CIVIL_AFFAIRS", areaCode: string) {
  await prisma.agency.create({ data: { id, code: id, name: `${id} (test)`, region, kind, areaCode } });
}

export async function schemaOf(module: DomainModule): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: module.resolvers as [ResolverClass, ...ResolverClass[]],
    container: { get: (cls: ResolverClass) => module.instances.get(cls) },
    validate: false,
    pubSub: NO_TOPICS_PUBSUB,
  });
}

export function contextFor(region: Region = "CHONGQING", roles: Role[] = ["relief_officer"], sub = "officer-1"): RequestContext {
  return {
    requestId: "test-request",
    node: region,
    principal: { sub, agency: "agency-1", region, roles, issuer: "test" },
    purpose: "FAMILY_SEARCH",
    caseRef: "CASE-1",
    policyDryRun: false,
    deferredErrors: [],
    touchedSubjects: new Set(),
    access: emptyAccessFacts(),
    perRequest: new Map(),
    // These suites run the relief module alone, without the policy plugin that compiles row rules:
    // every row of the node is in scope (test/policy covers the row rules over real HTTP).
    rowScopes: new Map(
      ROW_ENTITIES.map((entity) => [entity, { entity, policyIds: ["relief-module-test"], where: {}, outsideLookup: "allow" as const, jurisdiction: "every row (module test)" }]),
    ),
  };
}

export async function execute(
  schema: GraphQLSchema,
  source: string,
  variableValues: Record<string, unknown> = {},
  contextValue: RequestContext = contextFor(),
): Promise<ExecutionResult> {
  // As the HTTP layer does: the persons read or named while executing land in the context's subjects.
  return capturingSubjects(contextValue.touchedSubjects, () => graphql({ schema, source, variableValues, contextValue }));
}
