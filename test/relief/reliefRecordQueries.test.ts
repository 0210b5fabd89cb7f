import type { GraphQLSchema } from "graphql";
import { createReliefModule } from "../../src/relief";
import { contextFor, execute, insertAgency, openMigratedDatabase, schemaOf, type ReliefTestDatabase } from "./support/reliefTestDatabase";

let db: ReliefTestDatabase;
let schema: GraphQLSchema;

const embedding = Buffer.from(new Float32Array([0.1, 0.2, 0.3]).buffer);

function record(n: number, foundOn: string, extra: Record<string, unknown> = {}) {
  return {
    id: `CQ-RR-${String(n).padStart(8, "0")}`,
    region: "CHONGQING" as const,
    stationId: "CQ-STATION-1",
    gender: n % 2 === 0 ? ("FEMALE" as const) : ("MALE" as const),
    apparentAgeMin: 40,
    apparentAgeMax: 50,
    foundOn,
    foundAreaCode: "500103",
    ...extra,
  };
}

beforeAll(async () => {
  db = await openMigratedDatabase();
  await insertAgency(db.prisma, "CQ-STATION-1", "CHONGQING", "RELIEF_STATION", "500103");
  await insertAgency(db.prisma, "CQ-STATION-2", "CHONGQING", "RELIEF_STATION", "500112");
  await db.prisma.reliefRecord.createMany({
    data: [
      record(1, "2025-03-01", { reportedName: "张小明", features: "scar:left-cheek|missing:finger", faceEmbedding: embedding, idNumber: "11010519491231002X", identityStatus: "IDENTIFIED" }),
      record(2, "2025-03-05"),
      record(3, "2025-03-05"),
      record(4, "2025-02-10", { foundAreaCode: "500105", stationId: "CQ-STATION-2" }),
      record(5, "2025-01-20", { foundAreaCode: "500157", stationId: "CQ-STATION-2", disposition: "RETURNED_HOME" }),
      record(6, "2024-12-31", { dnaSampleRef: "DNA-CQ-6" }),
    ],
  });
  schema = await schemaOf(createReliefModule(db.prisma, { region: "CHONGQING" }));
});

afterAll(async () => {
  await db.close();
});

const LIST = `query List($filter: ReliefFilter!, $first: Int, $after: String) {
  reliefRecords(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id foundOn } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;

type Page = { edges: { cursor: string; node: { id: string; foundOn: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null }; totalCount: number };

async function page(filter: object, first?: number, after?: string | null): Promise<Page> {
  const result = await execute(schema, LIST, { filter, first, after });
  expect(result.errors).toBeUndefined();
  return (result.data as { reliefRecords: Page }).reliefRecords;
}

describe("reliefRecord(id)", () => {
  it("returns the record with features as tokens and the photo only as a flag", async () => {
    const context = contextFor();
    const result = await execute(
      schema,
      `{ reliefRecord(id: "CQ-RR-00000001") { id region reportedName gender features hasFacePhoto dnaSampleRef identityStatus disposition idNumber foundOn } }`,
      {},
      context,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.reliefRecord).toEqual({
      id: "CQ-RR-00000001",
      region: "CHONGQING",
      reportedName: "张小明",
      gender: "MALE",
      features: ["scar:left-cheek", "missing:finger"],
      hasFacePhoto: true,
      dnaSampleRef: null,
      identityStatus: "IDENTIFIED",
      disposition: "IN_CARE",
      idNumber: "11010519491231002X",
      foundOn: "2025-03-01",
    });
    expect([...context.touchedSubjects]).toEqual(["11010519491231002X"]);
  });

  it("returns null for an unknown id and touches no subject", async () => {
    const context = contextFor();
    const result = await execute(schema, `{ reliefRecord(id: "CQ-RR-99999999") { id } }`, {}, context);
    expect(result.errors).toBeUndefined();
    expect(result.data?.reliefRecord).toBeNull();
    expect(context.touchedSubjects.size).toBe(0);
  });

  it("exposes no raw embedding field", async () => {
    const result = await execute(schema, `{ reliefRecord(id: "CQ-RR-00000001") { faceEmbedding } }`);
    expect(result.errors?.[0].message).toMatch(/Cannot query field "faceEmbedding"/);
  });
});

describe("reliefRecords(filter, first, after)", () => {
  it("orders by foundOn desc then id desc and pages with keyset cursors", async () => {
    const first = await page({ region: "CHONGQING" }, 2);
    expect(first.edges.map((e) => e.node.id)).toEqual(["CQ-RR-00000003", "CQ-RR-00000002"]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(first.totalCount).toBe(6);
    const second = await page({ region: "CHONGQING" }, 2, first.pageInfo.endCursor);
    expect(second.edges.map((e) => e.node.id)).toEqual(["CQ-RR-00000001", "CQ-RR-00000004"]);
    const third = await page({ region: "CHONGQING" }, 2, second.pageInfo.endCursor);
    expect(third.edges.map((e) => e.node.id)).toEqual(["CQ-RR-00000005", "CQ-RR-00000006"]);
    expect(third.pageInfo.hasNextPage).toBe(false);
    expect(third.pageInfo.endCursor).toBe(third.edges[1].cursor);
  });

  it("defaults to 20 per page", async () => {
    const all = await page({});
    expect(all.edges).toHaveLength(6);
    expect(all.pageInfo.hasNextPage).toBe(false);
  });

  it("filters by date range, gender, disposition, station, identity status and region", async () => {
    expect((await page({ foundFrom: "2025-02-01", foundTo: "2025-03-04" })).edges.map((e) => e.node.id)).toEqual(["CQ-RR-00000001", "CQ-RR-00000004"]);
    expect((await page({ gender: "FEMALE" })).edges.map((e) => e.node.id)).toEqual(["CQ-RR-00000002", "CQ-RR-00000004", "CQ-RR-00000006"]);
    expect((await page({ disposition: "RETURNED_HOME" })).edges.map((e) => e.node.id)).toEqual(["CQ-RR-00000005"]);
    expect((await page({ stationId: "CQ-STATION-2" })).totalCount).toBe(2);
    expect((await page({ identityStatus: "IDENTIFIED" })).edges.map((e) => e.node.id)).toEqual(["CQ-RR-00000001"]);
    expect((await page({ region: "SICHUAN" })).totalCount).toBe(0);
  });

  it("treats an abolished area code and its successor as the same division (江北 → 两江新区)", async () => {
    const bySuccessor = await page({ foundAreaCode: "500157" });
    expect(bySuccessor.edges.map((e) => e.node.id)).toEqual(["CQ-RR-00000004", "CQ-RR-00000005"]);
    const byOldCode = await page({ foundAreaCode: "500105" });
    expect(byOldCode.edges.map((e) => e.node.id)).toEqual(["CQ-RR-00000004", "CQ-RR-00000005"]);
  });

  it.each([
    [{ filter: {}, first: 101 }, "first"],
    [{ filter: {}, first: 0 }, "first"],
    [{ filter: {}, after: "not-a-cursor" }, "after"],
    [{ filter: { foundAreaCode: "999999" } }, "filter.foundAreaCode"],
    [{ filter: { foundFrom: "2025-03-01", foundTo: "2025-01-01" } }, "filter.foundTo"],
  ])("refuses %j as BAD_USER_INPUT naming %s", async (variables, field) => {
    const result = await execute(schema, LIST, variables);
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
  });

  it("reports identity numbers of returned records to the audit log", async () => {
    const context = contextFor();
    await execute(schema, LIST, { filter: {} }, context);
    expect([...context.touchedSubjects]).toEqual(["11010519491231002X"]);
  });
});
