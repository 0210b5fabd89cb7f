// B-apollo and B-sql (issue 8): the household lookup as a plain graphql-js schema — the same type
// and field names as the gateway's SDL, so the very same document runs against both — with
// plain resolvers, no auth, no policy, no audit, no type-graphql, no DataLoader.
import Database from "better-sqlite3";
import { buildSchema, type GraphQLFieldResolver, type GraphQLSchema } from "graphql";
import { groupRows, type HouseholdDataset, type Row } from "../dataset/householdDataset";

const SDL = /* GraphQL */ `
  scalar Date
  enum Region { CHONGQING SICHUAN }
  enum VerificationProgram { MLG SPECIAL_HARDSHIP TEMP_ASSISTANCE LOW_INCOME }
  enum VerificationConclusion { ELIGIBLE INELIGIBLE NEEDS_REVIEW }
  enum Residence { URBAN RURAL }
  enum Gender { MALE FEMALE }
  enum IncomeSource { WAGES PENSION FARMING BUSINESS RENTAL TRANSFER OTHER }
  enum AssetKind { BANK_DEPOSIT SECURITIES INSURANCE REAL_ESTATE VEHICLE BUSINESS_EQUITY HOUSING_FUND }
  type AgencyRef { id: ID! name: String! region: Region! }
  type HouseholdMember {
    id: ID! name: String idNumber: String gender: Gender birthDate: Date relation: String
    disabilityGrade: Int seriousIllness: Boolean student: Boolean
  }
  type Household { id: ID! region: Region! areaCode: String! residence: Residence address: String members: [HouseholdMember!] }
  type IncomeItem { id: ID! memberId: ID source: IncomeSource monthlyAmountFen: Int dataSource: String }
  type AssetItem { id: ID! memberId: ID kind: AssetKind valueFen: Int institution: String accountRef: String }
  type HouseholdVerification {
    id: ID! region: Region! areaCode: String! program: VerificationProgram! conclusion: VerificationConclusion
    requestedOn: Date! completedOn: Date! reportNumber: String! memberCount: Int! totalMonthlyIncomeFen: Int
    perCapitaIncomeFen: Int totalAssetsFen: Int standardFen: Int! agency: AgencyRef household: Household
    incomes: [IncomeItem!] assets: [AssetItem!]
  }
  type Query { householdVerification(id: ID!): HouseholdVerification }
`;

type Resolver = GraphQLFieldResolver<Row, unknown, { id: string }>;

interface HouseholdResolvers {
  verification: (id: string) => Row | null;
  household: (id: string) => Row | null;
  agency: (id: string) => Row | null;
  members: (householdId: string) => Row[];
  incomes: (verificationId: string) => Row[];
  assets: (verificationId: string) => Row[];
}

function schemaOver(lookups: HouseholdResolvers): GraphQLSchema {
  const schema = buildSchema(SDL);
  const attach = (type: string, field: string, resolve: Resolver) => {
    const object = schema.getType(type) as { getFields(): Record<string, { resolve?: Resolver }> };
    object.getFields()[field]!.resolve = resolve;
  };
  attach("Query", "householdVerification", (_root, args) => lookups.verification(args.id));
  attach("HouseholdVerification", "household", (v) => lookups.household(v.householdId as string));
  attach("HouseholdVerification", "agency", (v) => lookups.agency(v.agencyId as string));
  attach("HouseholdVerification", "incomes", (v) => lookups.incomes(v.id as string));
  attach("HouseholdVerification", "assets", (v) => lookups.assets(v.id as string));
  attach("Household", "members", (h) => lookups.members(h.id as string));
  return schema;
}

/** B-apollo: resolvers over the in-memory rows. */
export function inMemoryHouseholdSchema(dataset: HouseholdDataset): GraphQLSchema {
  const verifications = groupRows(dataset.householdVerification, "id");
  const households = groupRows(dataset.household, "id");
  const agencies = groupRows(dataset.agency, "id");
  const members = groupRows(dataset.householdMember, "householdId");
  const incomes = groupRows(dataset.incomeItem, "verificationId");
  const assets = groupRows(dataset.assetItem, "verificationId");
  return schemaOver({
    verification: (id) => verifications.get(id)?.[0] ?? null,
    household: (id) => households.get(id)?.[0] ?? null,
    agency: (id) => agencies.get(id)?.[0] ?? null,
    members: (id) => members.get(id) ?? [],
    incomes: (id) => incomes.get(id) ?? [],
    assets: (id) => assets.get(id) ?? [],
  });
}

/**
 * B-sql: the same resolvers calling better-sqlite3 directly, with the statements the gateway's
 * Prisma queries amount to (same columns, same filters, same order), prepared once.
 */
export function sqlHouseholdSchema(file: string): GraphQLSchema {
  const db = new Database(file, { readonly: true });
  const one = (sql: string) => {
    const statement = db.prepare(sql);
    return (id: string) => (statement.get(id) as Row | undefined) ?? null;
  };
  const many = (sql: string) => {
    const statement = db.prepare(sql);
    return (id: string) => statement.all(id) as Row[];
  };
  return schemaOver({
    verification: one(
      `SELECT id, householdId, region, areaCode, agencyId, program, requestedOn, completedOn, conclusion, memberCount, totalMonthlyIncomeFen, perCapitaIncomeFen, totalAssetsFen, standardFen, reportNumber, createdAt FROM "HouseholdVerification" WHERE id = ? LIMIT 1`,
    ),
    household: one(`SELECT id, region, areaCode, residence, address, createdAt FROM "Household" WHERE id IN (?)`),
    agency: one(`SELECT id, code, name, region, kind, areaCode FROM "Agency" WHERE id IN (?)`),
    members: many(
      `SELECT id, householdId, name, idNumber, gender, birthDate, relation, disabilityGrade, seriousIllness, student FROM "HouseholdMember" WHERE householdId IN (?) ORDER BY id ASC`,
    ),
    incomes: many(`SELECT id, verificationId, memberId, source, monthlyAmountFen, dataSource FROM "IncomeItem" WHERE verificationId IN (?) ORDER BY id ASC`),
    assets: many(`SELECT id, verificationId, memberId, kind, valueFen, institution, accountRef FROM "AssetItem" WHERE verificationId IN (?) ORDER BY id ASC`),
  });
}
