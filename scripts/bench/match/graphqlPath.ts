import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execute, parse, validate, type GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { emptyAccessFacts, NO_TOPICS_PUBSUB, type RequestContext, type ResolverClass } from "../../../src/context";
import { applyMigrations, createPrismaClient } from "../../../src/db";
import { createReliefModule, type MissingPersonFacts } from "../../../src/relief";
import { unrestrictedRowScopesForBenchmark } from "../../../src/policy";
import { seedDemoData } from "../../../src/synthetic";
import { percentile } from "./benchmarkMetrics";
import type { LoadedData } from "./labelledDataset";

// The GraphQL path of one node (Chongqing): its database seeded with the same data set (same
// seed), the relief module's engine loaded from that database, and familySearch executed through
// graphql-js with its variables, validation, database reads of the candidates and result
// mapping. Its cost over the engine alone is measured pair by pair on the same reports. The
// document is parsed and validated once, as Apollo Server's document cache does for a repeated
// operation; variables are coerced and the operation executed on every call.

const NODE = "CHONGQING" as const;
const QUERY = `query FamilySearch($report: MissingPersonInput!, $regions: [Region!], $limit: Int) {
  familySearch(report: $report, regions: $regions, limit: $limit) {
    rank region matchWeight matchProbability aboveAlertThreshold dnaComparisonSuggested candidateSources
    reliefRecord { id region reportedName gender apparentAgeMin apparentAgeMax heightCm features dialect foundOn foundAreaCode hasFacePhoto identityStatus }
    comparisons { attribute level weight difference unit detail }
  }
}`;

export interface GraphqlPathFigures {
  seedSeconds: number;
  /** The module's engine built from the seeded database (first query). */
  loadFromDatabaseSeconds: number;
  queries: number;
  graphqlP50Ms: number;
  graphqlP95Ms: number;
  overheadP50Ms: number;
  overheadP95Ms: number;
  /** The same in this process's CPU time (the machines are shared: wall time carries the neighbours' load). */
  overheadCpuP50Ms: number;
  overheadCpuP95Ms: number;
}

function context(): RequestContext {
  return {
    requestId: "bench",
    node: NODE,
    principal: { sub: "bench-officer", agency: "bench", region: NODE, roles: ["relief_officer"], issuer: "bench" },
    purpose: "FAMILY_SEARCH",
    caseRef: "BENCH",
    policyDryRun: false,
    deferredErrors: [],
    touchedSubjects: new Set(),
    access: emptyAccessFacts(),
    perRequest: new Map(),
    // Without the policy stage, so with the row scope its baseline node runs under: every row
    // (the GraphQL layer's cost is measured here, not the row rule's).
    rowScopes: unrestrictedRowScopesForBenchmark(),
  };
}

function input(facts: MissingPersonFacts) {
  return {
    name: facts.name,
    aliases: [...facts.aliases],
    gender: facts.gender,
    birthDate: facts.birthDate,
    birthYear: facts.birthYear,
    heightCm: facts.heightCm,
    features: [...facts.features],
    dialect: facts.dialect,
    homeAreaCode: facts.homeAreaCode,
    lastSeenOn: facts.lastSeenOn,
    lastSeenAreaCode: facts.lastSeenAreaCode,
    faceEmbedding: facts.faceEmbedding ? Array.from(facts.faceEmbedding) : null,
    idNumber: facts.idNumber,
  };
}

export async function measureGraphqlPath(data: LoadedData, dataset: { seed: number; reliefRecords: number; reports: number }, sample: number): Promise<GraphqlPathFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "family-search-bench-"));
  const url = `file:${path.join(dir, "chongqing.db")}`;
  const prisma = createPrismaClient(url);
  try {
    await applyMigrations(url);
    const seeded = await seedDemoData(prisma, { region: NODE, households: 0, relief: dataset.reliefRecords, reports: dataset.reports, seed: dataset.seed });
    const module = createReliefModule(prisma, { region: NODE });
    const schema: GraphQLSchema = await buildSchema({
      resolvers: module.resolvers as [ResolverClass, ...ResolverClass[]],
      container: { get: (cls: ResolverClass) => module.instances.get(cls) },
      validate: false,
      pubSub: NO_TOPICS_PUBSUB,
    });
    const document = parse(QUERY);
    const invalid = validate(schema, document);
    if (invalid.length > 0) throw new Error(`familySearch query invalid: ${invalid[0].message}`);
    const run = async (facts: MissingPersonFacts) =>
      execute({ schema, document, variableValues: { report: input(facts), regions: [NODE], limit: 10 }, contextValue: context() });

    const reports = data.reports.slice(0, sample);
    const loadStarted = performance.now();
    const first = await run(reports[0].facts);
    if (first.errors) throw new Error(`familySearch failed: ${first.errors[0].message}`);
    const loadFromDatabaseSeconds = (performance.now() - loadStarted) / 1000;

    const graphqlMs: number[] = [];
    const overheadMs: number[] = [];
    const overheadCpuMs: number[] = [];
    const cpuMs = (since: NodeJS.CpuUsage) => {
      const used = process.cpuUsage(since);
      return (used.user + used.system) / 1000;
    };
    for (const report of reports) {
      const engineStarted = performance.now();
      const engineCpu = process.cpuUsage();
      data.engines[NODE].searchRecords(report.facts, 10);
      const engineMs = performance.now() - engineStarted;
      const engineCpuMs = cpuMs(engineCpu);
      const started = performance.now();
      const graphqlCpu = process.cpuUsage();
      const result = await run(report.facts);
      const ms = performance.now() - started;
      overheadCpuMs.push(cpuMs(graphqlCpu) - engineCpuMs);
      if (result.errors) throw new Error(`familySearch failed: ${result.errors[0].message}`);
      graphqlMs.push(ms);
      overheadMs.push(ms - engineMs);
    }
    graphqlMs.sort((a, b) => a - b);
    overheadMs.sort((a, b) => a - b);
    overheadCpuMs.sort((a, b) => a - b);
    return {
      seedSeconds: seeded.seconds,
      loadFromDatabaseSeconds,
      queries: reports.length,
      graphqlP50Ms: percentile(graphqlMs, 50),
      graphqlP95Ms: percentile(graphqlMs, 95),
      overheadP50Ms: percentile(overheadMs, 50),
      overheadP95Ms: percentile(overheadMs, 95),
      overheadCpuP50Ms: percentile(overheadCpuMs, 50),
      overheadCpuP95Ms: percentile(overheadCpuMs, 95),
    };
  } finally {
    await prisma.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
