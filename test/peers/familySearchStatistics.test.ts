import { ensureSigningKey, nodeKeyName } from "../../src/auth";
import { nodeIssuerFor, type PeerNode } from "../../src/config";
import type { PrismaClient } from "../../src/db";
import { mintNodeToken } from "../../src/peers";
import { postGraphql } from "../support/graphqlClient";
import { officerToken, startTestNode, startTwoNodes, type TestNode, type TwoNodes } from "../support/testNode";
import { insertAgency } from "../relief/support/reliefTestDatabase";

// familySearchStatistics against fixtures counted by hand, with both nodes: Chongqing's figures
// read from its own database, Sichuan's received through the node-token statistics exchange.
// Every expected figure below is counted from the rows in this file (the comments show the sums).
// The arithmetic is checked with small-cell suppression off (STATISTICS_MIN_CELL_COUNT=1: these
// fixtures are all small cells); what an officer reads by default (5) is checked at the end.

type Step = { to: "RETURNED_HOME" | "SETTLED_LOCALLY" | "TRANSFERRED" | "LEFT_STATION" | "DECEASED" | "IN_CARE"; on: string; identity: "UNIDENTIFIED" | "SELF_REPORTED" | "IDENTIFIED"; transferKind?: "RELIEF_STATION" | "CARE_INSTITUTION" };
type Row = { id: string; foundOn: string; area: string; identifiedOn?: string; steps?: Step[] };

async function insertRows(prisma: PrismaClient, station: string, region: "CHONGQING" | "SICHUAN", rows: Row[]): Promise<void> {
  for (const row of rows) {
    await prisma.reliefRecord.create({
      data: {
        id: row.id, region, stationId: station, gender: "MALE", apparentAgeMin: 40, apparentAgeMax: 50, foundOn: row.foundOn, foundAreaCode: row.area,
        identityStatus: row.identifiedOn ? "IDENTIFIED" : "UNIDENTIFIED", identifiedOn: row.identifiedOn ?? null, identifiedVia: row.identifiedOn ? "DNA" : null,
        disposition: row.steps?.at(-1)?.to ?? "IN_CARE",
      },
    });
    let from = "IN_CARE";
    for (const [i, step] of (row.steps ?? []).entries()) {
      await prisma.reliefDispositionChange.create({
        data: {
          reliefRecordId: row.id, sequence: i + 1, fromDisposition: from as Step["to"], toDisposition: step.to, effectiveOn: step.on, identityStatus: step.identity,
          officer: "fixture", agency: station, recordedAt: new Date(`${step.on}T09:00:00Z`), transferKind: step.transferKind ?? null, transferredTo: step.transferKind ? "somewhere" : null,
          ...(step.to === "RETURNED_HOME" ? { receiverKind: "RELATIVE" as const, receiverName: "亲属", destinationAreaCode: "500103" } : {}),
        },
      });
      from = step.to;
    }
  }
}

async function insertAlert(prisma: PrismaClient, id: string, region: "CHONGQING" | "SICHUAN", reliefRecordId: string, missingReportId: string, status: "CONFIRMED" | "REVIEWED", decidedAt?: string) {
  await prisma.matchAlert.create({
    data: { id, region, reliefRecordId, missingReportId, triggeredBy: "RELIEF_RECORD", matchWeight: 20, matchProbability: 0.99, comparisons: "[]", status, decidedAt: decidedAt ? new Date(decidedAt) : null, decidedBy: decidedAt ? "fixture" : null },
  });
}

async function insertDna(prisma: PrismaClient, id: string, region: "CHONGQING" | "SICHUAN", reliefRecordId: string, requestedOn: string, resultOn: string | null) {
  await prisma.dnaComparison.create({
    data: {
      id, region, reliefRecordId, sampleRef: `S-${id}`, laboratory: "lab", requestedOn, requestedBy: "fixture", requestedByAgency: "fixture",
      status: resultOn ? "NO_MATCH" : "REQUESTED", resultOn, labReference: resultOn ? `L-${id}` : null,
    },
  });
}

/** Chongqing: nine records (R8 found before the range), DNA comparisons and alerts. */
async function chongqingFixtures(prisma: PrismaClient): Promise<void> {
  await insertAgency(prisma, "CQ-STATION-1", "CHONGQING", "RELIEF_STATION", "500103");
  const known = "IDENTIFIED" as const;
  const unknown = "UNIDENTIFIED" as const;
  await insertRows(prisma, "CQ-STATION-1", "CHONGQING", [
    { id: "CQ-RR-00000001", foundOn: "2026-01-05", area: "500103", identifiedOn: "2026-01-15", steps: [{ to: "RETURNED_HOME", on: "2026-02-03", identity: known }] }, // 10 days
    { id: "CQ-RR-00000002", foundOn: "2026-01-10", area: "500103", identifiedOn: "2026-02-09", steps: [{ to: "SETTLED_LOCALLY", on: "2026-02-20", identity: known }] }, // 30 days
    { id: "CQ-RR-00000003", foundOn: "2026-01-20", area: "500106", steps: [{ to: "SETTLED_LOCALLY", on: "2026-02-25", identity: unknown }] },
    { id: "CQ-RR-00000004", foundOn: "2026-02-02", area: "500106", steps: [{ to: "TRANSFERRED", transferKind: "RELIEF_STATION", on: "2026-02-27", identity: unknown }] },
    { id: "CQ-RR-00000005", foundOn: "2026-02-14", area: "500103", identifiedOn: "2026-02-18", steps: [{ to: "RETURNED_HOME", on: "2026-03-01", identity: known }] }, // 4 days
    // 江北 500105 was merged into 两江新区 500157: counted there. Death is not a placement.
    { id: "CQ-RR-00000006", foundOn: "2026-02-28", area: "500105", steps: [{ to: "DECEASED", on: "2026-03-10", identity: unknown }] },
    // Into a care institution and back: the station kept the case, nothing counted.
    { id: "CQ-RR-00000007", foundOn: "2026-03-03", area: "500106", steps: [{ to: "TRANSFERRED", transferKind: "CARE_INSTITUTION", on: "2026-03-04", identity: unknown }, { to: "IN_CARE", on: "2026-03-20", identity: unknown }] },
    // Found in December 2025 (outside the range), identified in January (10 days), left on their own (not a placement).
    { id: "CQ-RR-00000008", foundOn: "2025-12-30", area: "500103", identifiedOn: "2026-01-09", steps: [{ to: "LEFT_STATION", on: "2026-01-12", identity: known }] },
    // Identified on 1 April (outside the range).
    { id: "CQ-RR-00000009", foundOn: "2026-03-30", area: "500103", identifiedOn: "2026-04-01" },
  ]);
  await insertDna(prisma, "CQ-DC-00000001", "CHONGQING", "CQ-RR-00000003", "2026-01-22", "2026-02-05"); // 14 days, February, 500106
  await insertDna(prisma, "CQ-DC-00000002", "CHONGQING", "CQ-RR-00000001", "2026-01-06", "2026-01-15"); // 9 days, January, 500103
  await insertDna(prisma, "CQ-DC-00000003", "CHONGQING", "CQ-RR-00000004", "2026-02-10", "2026-02-26"); // 16 days, February, 500106
  await insertDna(prisma, "CQ-DC-00000004", "CHONGQING", "CQ-RR-00000006", "2026-03-01", null); // no result yet: not counted
  await insertAlert(prisma, "CQ-MA-00000001", "CHONGQING", "CQ-RR-00000005", "SC-MP-00000001", "CONFIRMED", "2026-02-18T02:00:00Z"); // cross-border, February, 500103
  await insertAlert(prisma, "CQ-MA-00000002", "CHONGQING", "CQ-RR-00000001", "CQ-MP-00000001", "CONFIRMED", "2026-01-15T02:00:00Z"); // within Chongqing: not cross-border
  await insertAlert(prisma, "CQ-MA-00000003", "CHONGQING", "CQ-RR-00000009", "SC-MP-00000002", "CONFIRMED", "2026-03-31T17:00:00Z"); // 1 April 01:00 in China: outside
  await insertAlert(prisma, "CQ-MA-00000004", "CHONGQING", "CQ-RR-00000002", "SC-MP-00000003", "REVIEWED"); // not confirmed
  await insertAlert(prisma, "CQ-MA-00000005", "CHONGQING", "SC-RR-00000003", "CQ-MP-00000002", "CONFIRMED", "2026-03-07T03:00:00Z"); // Sichuan's record: Sichuan counts it
}

/** Sichuan: four records, one DNA comparison, one cross-border match. */
async function sichuanFixtures(prisma: PrismaClient): Promise<void> {
  await insertAgency(prisma, "SC-STATION-1", "SICHUAN", "RELIEF_STATION", "510104");
  await insertRows(prisma, "SC-STATION-1", "SICHUAN", [
    { id: "SC-RR-00000001", foundOn: "2026-01-08", area: "510104", identifiedOn: "2026-01-28", steps: [{ to: "RETURNED_HOME", on: "2026-02-10", identity: "IDENTIFIED" }] }, // 20 days
    { id: "SC-RR-00000002", foundOn: "2026-02-11", area: "510104", steps: [{ to: "SETTLED_LOCALLY", on: "2026-03-15", identity: "UNIDENTIFIED" }] },
    { id: "SC-RR-00000003", foundOn: "2026-03-05", area: "510106", identifiedOn: "2026-03-07", steps: [{ to: "RETURNED_HOME", on: "2026-03-20", identity: "IDENTIFIED" }] }, // 2 days
    // A self-reported identity counts as known: settling such a person lowers the return rate.
    { id: "SC-RR-00000004", foundOn: "2026-03-12", area: "510104", steps: [{ to: "SETTLED_LOCALLY", on: "2026-03-28", identity: "SELF_REPORTED" }] },
  ]);
  await insertDna(prisma, "SC-DC-00000001", "SICHUAN", "SC-RR-00000002", "2026-02-12", "2026-03-02"); // 18 days, March, 510104
  await insertAlert(prisma, "SC-MA-00000001", "SICHUAN", "SC-RR-00000003", "CQ-MP-00000002", "CONFIRMED", "2026-03-07T03:00:00Z"); // cross-border, March, 510106
}

const FIGURES = `takenIn identified returnedHome settledLocally returnHomeRate returnHomeRateBase settlementRate settlementRateBase medianDaysToIdentification crossBorderMatches dnaComparisonsAnswered medianDnaTurnaroundDays suppressed suppressedFigures`;
/** Small-cell suppression off: every count published as counted. */
const UNSUPPRESSED = { STATISTICS_MIN_CELL_COUNT: "1" };
const STATISTICS = `query Stats($region: Region, $areaCode: String, $from: String!, $to: String!) {
  familySearchStatistics(region: $region, areaCode: $areaCode, from: $from, to: $to) {
    from to
    byArea { month region areaCode ${FIGURES} }
    byMonth { month region areaCode ${FIGURES} }
    total { month region areaCode ${FIGURES} }
    sources { region available asOf }
  }
}`;

/** A figures row with everything zero or null, overridden by what was counted. */
function figures(month: string | null, region: string | null, areaCode: string | null, counted: Record<string, number | null>, suppressedFigures: string[] = []) {
  return {
    month, region, areaCode,
    takenIn: 0, identified: 0, returnedHome: 0, settledLocally: 0, returnHomeRate: null, returnHomeRateBase: 0, settlementRate: null, settlementRateBase: 0,
    medianDaysToIdentification: null, crossBorderMatches: 0, dnaComparisonsAnswered: 0, medianDnaTurnaroundDays: null,
    ...counted,
    ...Object.fromEntries(suppressedFigures.map((f) => [f, null])),
    suppressed: suppressedFigures.length > 0,
    suppressedFigures,
  };
}

// Counted by hand from the fixtures above, per month and area.
const CHONGQING_BY_AREA = [
  // January, 渝中: found R1, R2 → 2; identified R1 (10 d) and R8 (10 d) → median 10; DNA D2 (9 d).
  figures("2026-01", "CHONGQING", "500103", { takenIn: 2, identified: 2, medianDaysToIdentification: 10, dnaComparisonsAnswered: 1, medianDnaTurnaroundDays: 9 }),
  // January, 沙坪坝: found R3.
  figures("2026-01", "CHONGQING", "500106", { takenIn: 1 }),
  // February, 渝中: found R5; identified R2 (30 d), R5 (4 d) → median 17; R1 home, R2 settled, both known → 1/2; cross-border A1.
  figures("2026-02", "CHONGQING", "500103", { takenIn: 1, identified: 2, medianDaysToIdentification: 17, returnedHome: 1, settledLocally: 1, returnHomeRate: 0.5, returnHomeRateBase: 2, crossBorderMatches: 1 }),
  // February, 沙坪坝: found R4; R3 settled unknown, R4 to another station unknown → 1/2; DNA D1 (14 d), D3 (16 d) → median 15.
  figures("2026-02", "CHONGQING", "500106", { takenIn: 1, settledLocally: 1, settlementRate: 0.5, settlementRateBase: 2, dnaComparisonsAnswered: 2, medianDnaTurnaroundDays: 15 }),
  // February, 两江新区 (R6 found in 江北): found R6.
  figures("2026-02", "CHONGQING", "500157", { takenIn: 1 }),
  // March, 渝中: found R9; R5 home, known → 1/1.
  figures("2026-03", "CHONGQING", "500103", { takenIn: 1, returnedHome: 1, returnHomeRate: 1, returnHomeRateBase: 1 }),
  // March, 沙坪坝: found R7 (its moves into and out of care count nowhere).
  figures("2026-03", "CHONGQING", "500106", { takenIn: 1 }),
];
const SICHUAN_BY_AREA = [
  // January, 锦江: found S1; identified S1 (20 d).
  figures("2026-01", "SICHUAN", "510104", { takenIn: 1, identified: 1, medianDaysToIdentification: 20 }),
  // February, 锦江: found S2; S1 home, known → 1/1.
  figures("2026-02", "SICHUAN", "510104", { takenIn: 1, returnedHome: 1, returnHomeRate: 1, returnHomeRateBase: 1 }),
  // March, 锦江: found S4; S2 settled unknown → 1/1; S4 settled, self-reported (known) → home 0/1; DNA E1 (18 d).
  figures("2026-03", "SICHUAN", "510104", { takenIn: 1, settledLocally: 2, returnHomeRate: 0, returnHomeRateBase: 1, settlementRate: 1, settlementRateBase: 1, dnaComparisonsAnswered: 1, medianDnaTurnaroundDays: 18 }),
  // March, 金牛: found S3; identified S3 (2 d); S3 home, known → 1/1; cross-border SC-MA-1.
  figures("2026-03", "SICHUAN", "510106", { takenIn: 1, identified: 1, medianDaysToIdentification: 2, returnedHome: 1, returnHomeRate: 1, returnHomeRateBase: 1, crossBorderMatches: 1 }),
];

describe("familySearchStatistics across both provinces, against hand-counted fixtures", () => {
  let nodes: TwoNodes;
  let officer: string;

  beforeAll(async () => {
    nodes = await startTwoNodes({ fixtures: { CHONGQING: chongqingFixtures, SICHUAN: sichuanFixtures }, env: { PEER_STATISTICS_INTERVAL_MS: "300", ...UNSUPPRESSED } });
    officer = await officerToken(nodes.keysDir, "CHONGQING", ["relief_officer"]);
  }, 300_000);
  afterAll(() => nodes.stop());

  /** Asks until Sichuan's figures have arrived through the exchange (it starts with the nodes). */
  async function statistics(variables: Record<string, unknown>, token = officer) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const res = await postGraphql(nodes.cq.node.url, STATISTICS, { token, variables });
      const sources = res.body.data?.familySearchStatistics?.sources ?? [];
      if (sources.every((s: { available: boolean }) => s.available) || Date.now() > deadline) return res;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it("per month and area, per month and for the range, both provinces combined", async () => {
    const res = await statistics({ from: "2026-01", to: "2026-03" });
    expect(res.body.errors).toBeUndefined();
    const answer = res.body.data!.familySearchStatistics;
    expect(answer.sources.map((s: { region: string; available: boolean }) => [s.region, s.available])).toEqual([["CHONGQING", true], ["SICHUAN", true]]);
    expect(answer.byArea).toEqual([...CHONGQING_BY_AREA, ...SICHUAN_BY_AREA]);
    expect(answer.byMonth).toEqual([
      // January: found 3 + 1 = 4; identified 10, 10, 20 → 3, median 10; DNA 9 d.
      figures("2026-01", null, null, { takenIn: 4, identified: 3, medianDaysToIdentification: 10, dnaComparisonsAnswered: 1, medianDnaTurnaroundDays: 9 }),
      // February: found 3 + 1 = 4; identified 30, 4 → median 17; home R1, S1 = 2 of known placements R1, R2, S1 = 3 → 0.6667;
      // settled R2, R3 = 2; unknown placements R3, R4 → 1/2; cross-border 1; DNA 14, 16 → 15.
      figures("2026-02", null, null, { takenIn: 4, identified: 2, medianDaysToIdentification: 17, returnedHome: 2, settledLocally: 2, returnHomeRate: 0.6667, returnHomeRateBase: 3, settlementRate: 0.5, settlementRateBase: 2, crossBorderMatches: 1, dnaComparisonsAnswered: 2, medianDnaTurnaroundDays: 15 }),
      // March: found R9, R7, S3, S4 = 4; identified S3 (2 d); home R5, S3 = 2 of known placements R5, S3, S4 = 3; settled S2, S4 = 2;
      // unknown placements S2 → 1/1; cross-border 1 (Sichuan's; A3 fell in April China time); DNA 18.
      figures("2026-03", null, null, { takenIn: 4, identified: 1, medianDaysToIdentification: 2, returnedHome: 2, settledLocally: 2, returnHomeRate: 0.6667, returnHomeRateBase: 3, settlementRate: 1, settlementRateBase: 1, crossBorderMatches: 1, dnaComparisonsAnswered: 1, medianDnaTurnaroundDays: 18 }),
    ]);
    // The range: found 12; identified 2, 4, 10, 10, 20, 30 → median 10; home 4 of 6 known; settled 4, unknown 2 of 3;
    // cross-border 2 (one per province, none counted twice); DNA 9, 14, 16, 18 → median 15.
    expect(answer.total).toEqual(
      figures(null, null, null, { takenIn: 12, identified: 6, medianDaysToIdentification: 10, returnedHome: 4, settledLocally: 4, returnHomeRate: 0.6667, returnHomeRateBase: 6, settlementRate: 0.6667, settlementRateBase: 3, crossBorderMatches: 2, dnaComparisonsAnswered: 4, medianDnaTurnaroundDays: 15 }),
    );
    // Counts only: no record, report, name or identity number in the answer; the access is audited with no subject.
    expect(JSON.stringify(answer)).not.toMatch(/RR-|MP-|亲属/);
    const entry = await nodes.cq.prisma.auditEntry.findFirstOrThrow({ where: { requestId: res.headers.get("x-request-id")! } });
    expect(entry).toMatchObject({ outcome: "ALLOWED", subjectHmacs: "[]" });
  });

  it("one province, one area (a superseded code folds into its successor), one month", async () => {
    const sichuan = await statistics({ region: "SICHUAN", from: "2026-01", to: "2026-03" });
    expect(sichuan.body.data!.familySearchStatistics.byArea).toEqual(SICHUAN_BY_AREA);
    expect(sichuan.body.data!.familySearchStatistics.sources.map((s: { region: string }) => s.region)).toEqual(["SICHUAN"]);
    // Sichuan alone over the range: found 4; home S1, S3 = 2 of known S1, S3, S4 = 3.
    expect(sichuan.body.data!.familySearchStatistics.total).toMatchObject({ region: "SICHUAN", takenIn: 4, returnedHome: 2, returnHomeRate: 0.6667, returnHomeRateBase: 3 });

    const jiangbei = await statistics({ areaCode: "500105", from: "2026-01", to: "2026-03" });
    expect(jiangbei.body.data!.familySearchStatistics.byArea).toEqual([CHONGQING_BY_AREA[4]]);
    expect(jiangbei.body.data!.familySearchStatistics.total).toMatchObject({ region: "CHONGQING", areaCode: "500157", takenIn: 1 });

    const february = await statistics({ region: "CHONGQING", from: "2026-02", to: "2026-02" });
    expect(february.body.data!.familySearchStatistics.byArea).toEqual(CHONGQING_BY_AREA.slice(2, 5));
  });

  it.each([
    ["a month of no format", { from: "2026-1", to: "2026-03" }, "from"],
    ["a month 13", { from: "2026-01", to: "2026-13" }, "to"],
    ["a range backwards", { from: "2026-03", to: "2026-01" }, "to"],
    ["more than 120 months", { from: "2010-01", to: "2020-12" }, "to"],
    ["an unknown area", { areaCode: "509999", from: "2026-01", to: "2026-03" }, "areaCode"],
    ["an area of the other province", { region: "CHONGQING", areaCode: "510104", from: "2026-01", to: "2026-03" }, "areaCode"],
  ])("refuses %s as BAD_USER_INPUT", async (_label, variables, field) => {
    const res = await postGraphql(nodes.cq.node.url, STATISTICS, { token: officer, variables });
    expect(res.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
  });

  it("is for relief officers and police liaisons, no purpose needed; others are refused", async () => {
    const police = await officerToken(nodes.keysDir, "SICHUAN", ["police_liaison"]);
    expect((await statistics({ from: "2026-03", to: "2026-03" }, police)).body.errors).toBeUndefined();
    const verification = await officerToken(nodes.keysDir, "CHONGQING", ["verification_officer"]);
    const refused = await postGraphql(nodes.cq.node.url, STATISTICS, { token: verification, variables: { from: "2026-01", to: "2026-03" } });
    expect(refused.body.errors![0].extensions!.code).toBe("FORBIDDEN");
  });

  it("what became of a person is read across the border under the holder's policy: the receiver's name masked", async () => {
    const res = await postGraphql(nodes.cq.node.url, `{ reliefRecord(id: "SC-RR-00000001") { id region disposition identifiedOn dispositionHistory { sequence toDisposition effectiveOn receiverKind receiverName destinationAreaCode } } }`, {
      token: officer,
      purpose: "FAMILY_SEARCH",
      caseRef: "CQ-XQ-2026-0101",
    });
    expect(res.body.errors).toBeUndefined();
    const record = res.body.data!.reliefRecord;
    expect(record).toMatchObject({ id: "SC-RR-00000001", region: "SICHUAN", disposition: "RETURNED_HOME", identifiedOn: "2026-01-28" });
    expect(record.dispositionHistory).toEqual([{ sequence: 1, toDisposition: "RETURNED_HOME", effectiveOn: "2026-02-10", receiverKind: "RELATIVE", receiverName: "亲*", destinationAreaCode: "500103" }]);
  });

  it("the exchange carries counts only, and only to a peer node's token", async () => {
    const key = await ensureSigningKey(nodes.keysDir, nodeKeyName("CHONGQING"));
    const peer: PeerNode = { region: "SICHUAN", url: nodes.sc.node.url, issuer: nodeIssuerFor("SICHUAN"), jwksFile: "/unused", timeoutMs: 3000 };
    const token = await mintNodeToken({ key: { privateKey: key.privateKey, kid: key.kid }, issuer: nodeIssuerFor("CHONGQING"), peer, scope: "statistics:family-search-statistics" });
    const res = await fetch(`${nodes.sc.node.url}/peer/statistics/family-search-statistics`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { region: string; cells: Array<Record<string, unknown>> };
    expect(body.region).toBe("SICHUAN");
    expect(body.cells).toHaveLength(4);
    expect(Object.keys(body.cells[0]).sort()).toEqual(
      ["month", "areaCode", "takenIn", "identified", "returnedHome", "settledLocally", "placementsKnownIdentity", "settledUnknownIdentity", "placementsUnknownIdentity", "crossBorderMatches", "dnaComparisonsAnswered", "daysToIdentification", "dnaTurnaroundDays"].sort(),
    );
    expect(JSON.stringify(body)).not.toMatch(/RR-|MP-|亲属/);
    const asOfficer = await fetch(`${nodes.sc.node.url}/peer/statistics/family-search-statistics`, { headers: { authorization: `Bearer ${officer}` } });
    expect(asOfficer.status).toBe(401);
  });
});

describe("familySearchStatistics without the other node's figures", () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode({ region: "CHONGQING", fixtures: chongqingFixtures, env: UNSUPPRESSED });
  }, 300_000);
  afterAll(() => node.stop());

  it("answers with this province's figures and a PEER_UNAVAILABLE error naming the other", async () => {
    const token = await officerToken(node.keysDir, "CHONGQING", ["relief_officer"]);
    const res = await postGraphql(node.node.url, STATISTICS, { token, variables: { from: "2026-01", to: "2026-03" } });
    expect(res.body.errors).toEqual([expect.objectContaining({ path: ["familySearchStatistics"], extensions: expect.objectContaining({ code: "PEER_UNAVAILABLE", region: "SICHUAN" }) })]);
    const answer = res.body.data!.familySearchStatistics;
    expect(answer.sources).toEqual([expect.objectContaining({ region: "CHONGQING", available: true }), { region: "SICHUAN", available: false, asOf: null }]);
    expect(answer.byArea).toEqual(CHONGQING_BY_AREA);
    // Chongqing alone: found 2+1+1+1+1+1+1 = 8.
    expect(answer.total.takenIn).toBe(8);
  });
});

describe("familySearchStatistics withholds small cells (STATISTICS_MIN_CELL_COUNT, default 5)", () => {
  let nodes: TwoNodes;
  let officer: string;
  beforeAll(async () => {
    nodes = await startTwoNodes({ fixtures: { CHONGQING: chongqingFixtures, SICHUAN: sichuanFixtures }, env: { PEER_STATISTICS_INTERVAL_MS: "300" } });
    officer = await officerToken(nodes.keysDir, "CHONGQING", ["relief_officer"]);
  }, 300_000);
  afterAll(() => nodes.stop());

  it("a count from 1 to 4 is null and named, and so is every rate and median computed from one; zeros and counts of 5 or more are shown", async () => {
    const deadline = Date.now() + 20_000;
    let answer: Record<string, any>;
    for (;;) {
      const res = await postGraphql(nodes.cq.node.url, STATISTICS, { token: officer, variables: { from: "2026-01", to: "2026-03" } });
      answer = res.body.data!.familySearchStatistics;
      if (answer.sources.every((s: { available: boolean }) => s.available) || Date.now() > deadline) {
        // Until Sichuan's figures arrive the answer carries PEER_UNAVAILABLE; once they have, nothing.
        expect(res.body.errors).toBeUndefined();
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // The range, counted above: found 12 and identified 6 (median 10 over 6 durations) are shown, and the
    // return rate's base of 6 known-identity placements; returned home 4 is withheld, so the rate 4/6 is too;
    // settled 4, the settlement rate 2/3 and its base 3, cross-border 2, DNA 4 and its median are withheld.
    expect(answer.total).toEqual(
      figures(null, null, null, { takenIn: 12, identified: 6, medianDaysToIdentification: 10, returnHomeRateBase: 6 }, [
        "returnedHome", "settledLocally", "returnHomeRate", "settlementRate", "settlementRateBase", "crossBorderMatches", "dnaComparisonsAnswered", "medianDnaTurnaroundDays",
      ]),
    );
    // January, both provinces: found 4, identified 3 (and their median), DNA 1 (and its median) withheld;
    // no placement and no cross-border match: zeros shown, the rates null as nothing was to be counted.
    expect(answer.byMonth[0]).toEqual(
      figures("2026-01", null, null, {}, ["takenIn", "identified", "medianDaysToIdentification", "dnaComparisonsAnswered", "medianDnaTurnaroundDays"]),
    );
    // February, both provinces: found 4, identified 2, home 2 of 3 known, settled 2, unknown 1 of 2, cross-border 1, DNA 2: all small.
    expect(answer.byMonth[1]).toEqual(
      figures("2026-02", null, null, {}, [
        "takenIn", "identified", "returnedHome", "settledLocally", "returnHomeRate", "returnHomeRateBase", "settlementRate", "settlementRateBase",
        "medianDaysToIdentification", "crossBorderMatches", "dnaComparisonsAnswered", "medianDnaTurnaroundDays",
      ]),
    );
    // 沙坪坝, January: found R3 only — one person — withheld; everything else zero.
    expect(answer.byArea[1]).toEqual(figures("2026-01", "CHONGQING", "500106", {}, ["takenIn"]));
    // No entry anywhere publishes a count from 1 to 4.
    for (const row of [...answer.byArea, ...answer.byMonth, answer.total]) {
      for (const field of ["takenIn", "identified", "returnedHome", "settledLocally", "returnHomeRateBase", "settlementRateBase", "crossBorderMatches", "dnaComparisonsAnswered"]) {
        expect(row[field] === null || row[field] === 0 || row[field] >= 5).toBe(true);
      }
    }
  });
});
