// A real, migrated SQLite file per test suite. Migrations run in a child process because the WASM
// schema engine needs --experimental-wasm-modules, which jest's own process lacks; globalSetup has
// already compiled dist/.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { graphql, type ExecutionResult, type GraphQLSchema } from "graphql";
import { buildSchema, type NonEmptyArray } from "type-graphql";
import { emptyAccessFacts, type DomainModule, type RequestContext, type Role } from "../../../src/context";
import { createPrismaClient, type PrismaClient } from "../../../src/db";
import type { Region } from "../../../src/config";

const root = path.resolve(__dirname, "../../..");

export interface ReliefTestDatabase {
  prisma: PrismaClient;
  url: string;
  close(): Promise<void>;
}

export async function openMigratedDatabase(): Promise<ReliefTestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "relief-test-"));
  const url = `file:${path.join(dir, "relief.db")}`;
  execFileSync(process.execPath, ["--experimental-wasm-modules", "--disable-warning=ExperimentalWarning", "dist/scripts/db/migrate.js", "--database-url", url], {
    cwd: root,
    stdio: "pipe",
  });
  const prisma = createPrismaClient(url);
  return {
    prisma,
    url,
    async close() {
      await prisma.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function insertAgency(prisma: PrismaClient, id: string, region: Region, kind: "RELIEF_STATION" | "POLICE" | "CIVIL_AFFAIRS", areaCode: string) {
  await prisma.agency.create({ data: { id, code: id, name: `${id} (test)`, region, kind, areaCode } });
}

export async function schemaOf(module: DomainModule): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: module.resolvers as unknown as NonEmptyArray<Function>,
    container: { get: (cls: Function) => module.instances.get(cls) },
    validate: false,
  });
}

export function contextFor(region: Region = "CHONGQING", roles: Role[] = ["relief_officer"], sub = "officer-1"): RequestContext {
  return {
    requestId: "test-request",
    node: region,
    principal: { sub, agency: "agency-1", region, roles, issuer: "test" },
    purpose: "FAMILY_SEARCH",
    caseRef: "CASE-1",
    touchedSubjects: new Set(),
    access: emptyAccessFacts(),
    perRequest: new Map(),
  };
}

export async function execute(
  schema: GraphQLSchema,
  source: string,
  variableValues: Record<string, unknown> = {},
  contextValue: RequestContext = contextFor(),
): Promise<ExecutionResult> {
  return graphql({ schema, source, variableValues, contextValue });
}
