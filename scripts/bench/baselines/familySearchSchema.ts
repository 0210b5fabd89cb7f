// B-sql for S2 (issue 8): familySearch as a plain graphql-js schema with the gateway's type and
// field names, so the very same document runs against both. What it does per request, and all it
// does: the report's facts straight from the input (no validation), the same FamilySearchEngine
// (src/relief) filled from the same rows — read once at start with better-sqlite3, in id order, as
// the gateway's index reads them — picks the 50 candidates, one prepared `SELECT … WHERE id IN
// (…)` reads them, and the cross-region mask of the relief policy (identity number) is applied to
// each record's idNumber, as the Sichuan node does for a forwarded search. No auth, no policy
// engine, no audit, no type-graphql, no Prisma, no peer hop.
import Database from "better-sqlite3";
import { buildSchema, type GraphQLFieldResolver, type GraphQLSchema } from "graphql";
import { maskIdentityNumber } from "../../../src/policy";
import { DEFAULT_ALERT_THRESHOLD, FamilySearchEngine, missingPersonFacts, reliefRecordFacts, type MissingPersonFacts, type StoredMissingPersonReport, type StoredReliefRecord } from "../../../src/relief";
import type { Row } from "../dataset/householdDataset";

const SDL = /* GraphQL */ `
  scalar Date
  enum Region { CHONGQING SICHUAN }
  enum Gender { MALE FEMALE }
  input MissingPersonInput {
    agencyId: String aliases: [String!] birthDate: Date birthYear: Int dialect: String faceEmbedding: [Float!] features: [String!]
    gender: Gender! heightCm: Int homeAreaCode: String idNumber: String lastSeenAreaCode: String! lastSeenOn: Date! name: String!
  }
  type ReliefRecord {
    id: ID! region: Region! reportedName: String gender: Gender apparentAgeMin: Int apparentAgeMax: Int heightCm: Int
    features: [String!] dialect: String foundOn: Date foundAreaCode: String idNumber: String
  }
  type FamilySearchCandidate {
    rank: Int! region: Region! matchWeight: Float! matchProbability: Float! aboveAlertThreshold: Boolean!
    candidateSources: [String!]! reliefRecord: ReliefRecord
  }
  type Query { familySearch(report: MissingPersonInput!, regions: [Region!], limit: Int = 10): [FamilySearchCandidate!]! }
`;

interface SearchInput {
  name: string;
  aliases?: string[] | null;
  gender: "MALE" | "FEMALE";
  birthDate?: string | null;
  birthYear?: number | null;
  heightCm?: number | null;
  features?: string[] | null;
  dialect?: string | null;
  homeAreaCode?: string | null;
  lastSeenOn: string;
  lastSeenAreaCode: string;
  idNumber?: string | null;
}

const tokens = (joined: string) => joined.split("|").filter((t) => t.length > 0);

export function sqlFamilySearchSchema(file: string, region: "CHONGQING" | "SICHUAN"): GraphQLSchema {
  const db = new Database(file, { readonly: true });
  const engine = new FamilySearchEngine();
  for (const row of db.prepare(`SELECT * FROM "ReliefRecord" ORDER BY id`).all() as StoredReliefRecord[]) engine.addRecord(reliefRecordFacts(row), true);
  for (const row of db.prepare(`SELECT * FROM "MissingPersonReport" ORDER BY id`).all() as (StoredMissingPersonReport & { status: string })[]) {
    engine.addReport(missingPersonFacts(row), row.status === "OPEN");
  }
  engine.flush();
  // One statement per list length: the search returns up to 50 ids, usually exactly 50.
  const byIds = new Map<number, Database.Statement>();
  const recordsById = (ids: string[]) => {
    let statement = byIds.get(ids.length);
    if (!statement) byIds.set(ids.length, (statement = db.prepare(`SELECT id, region, reportedName, gender, apparentAgeMin, apparentAgeMax, heightCm, features, dialect, foundOn, foundAreaCode, idNumber FROM "ReliefRecord" WHERE id IN (${ids.map(() => "?").join(", ")})`)));
    return new Map((statement.all(...ids) as Row[]).map((r) => [r.id as string, r]));
  };

  const schema = buildSchema(SDL);
  const attach = (type: string, field: string, resolve: GraphQLFieldResolver<Row, unknown, Record<string, unknown>>) => {
    (schema.getType(type) as unknown as { getFields(): Record<string, { resolve?: unknown }> }).getFields()[field]!.resolve = resolve;
  };
  attach("Query", "familySearch", (_root, args) => {
    const input = args.report as SearchInput;
    const regions = args.regions as string[] | null | undefined;
    if (regions && regions.length > 0 && !regions.includes(region)) return [];
    const facts: MissingPersonFacts = {
      id: "query",
      region,
      name: input.name,
      aliases: input.aliases ?? [],
      gender: input.gender,
      birthDate: input.birthDate ?? null,
      birthYear: input.birthYear ?? Number(input.birthDate!.slice(0, 4)),
      heightCm: input.heightCm ?? null,
      features: input.features ?? [],
      dialect: input.dialect ?? null,
      homeAreaCode: input.homeAreaCode ?? null,
      lastSeenOn: input.lastSeenOn,
      lastSeenAreaCode: input.lastSeenAreaCode,
      faceEmbedding: null,
      idNumber: input.idNumber ?? null,
    };
    const matches = engine.searchRecords(facts, args.limit as number);
    const rows = recordsById(matches.map((m) => m.recordId));
    return matches
      .filter((m) => rows.has(m.recordId))
      .map((m, i) => ({
        rank: i + 1,
        region: m.recordRegion,
        matchWeight: Math.round(m.score.matchWeight * 1000) / 1000,
        matchProbability: m.score.matchProbability,
        aboveAlertThreshold: m.score.matchProbability >= DEFAULT_ALERT_THRESHOLD,
        candidateSources: m.sources,
        reliefRecord: rows.get(m.recordId),
      }));
  });
  attach("ReliefRecord", "features", (r) => tokens(r.features as string));
  attach("ReliefRecord", "idNumber", (r) => (r.idNumber === null ? null : maskIdentityNumber(r.idNumber as string)));
  return schema;
}
