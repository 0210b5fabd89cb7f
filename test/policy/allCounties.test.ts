import { AREA_DIVISIONS } from "../../src/areas";
import type { Region } from "../../src/config";
import { seedAssistanceStandards } from "../../src/standards";
import { insertVerificationFixtures } from "../fixtures/verificationFixtures";
import { postGraphql } from "../support/graphqlClient";
import { officerToken, startTwoNodes, type TwoNodes } from "../support/testNode";

// Every county-level code of Chongqing (50) and Sichuan (51) — 510303 贡井区 among them — resolves
// through recordReliefCase, fileMissingPersonReport, the reliefRecords filter and
// assistanceStandards, over real HTTP. One aliased operation per call kind and node keeps it to a
// handful of requests (the limits are raised for this test only).

const codesOf = (region: Region) => AREA_DIVISIONS.filter((d) => d.region === region).map((d) => d.code);
const ALL = AREA_DIVISIONS.map((d) => d.code);
const LIMITS = { MAX_ALIASES: "1000", MAX_ROOT_FIELDS: "1000", MAX_COST: "10000000", MAX_TOKENS: "200000", MAX_DOCUMENT_BYTES: "2000000", MAX_DEPTH: "20" };

describe("every county-level code of provinces 50 and 51 resolves (GB/T 2260, generated list)", () => {
  let nodes: TwoNodes;
  beforeAll(async () => {
    nodes = await startTwoNodes({
      fixtures: {
        CHONGQING: async (p) => {
          await insertVerificationFixtures(p, "CHONGQING", 1);
          await seedAssistanceStandards(p);
        },
        SICHUAN: (p) => insertVerificationFixtures(p, "SICHUAN", 1),
      },
      env: LIMITS,
    });
  });
  afterAll(() => nodes.stop());

  const node = (region: Region) => (region === "CHONGQING" ? nodes.cq : nodes.sc);
  const tag = (region: Region) => (region === "CHONGQING" ? "CQ" : "SC");

  it("knows 221 codes in force or superseded, 510303 among them", () => {
    expect(codesOf("SICHUAN")).toHaveLength(183);
    expect(codesOf("CHONGQING")).toHaveLength(39); // 38 of the 2023 list, and 两江新区 (2025)
    expect(ALL).toContain("510303");
  });

  it.each(["CHONGQING", "SICHUAN"] as const)("recordReliefCase takes every county of %s as foundAreaCode", async (region) => {
    const token = await officerToken(nodes.keysDir, region, ["relief_officer"]);
    const codes = codesOf(region);
    const mutation = `mutation { ${codes
      .map((code) => `c${code}: recordReliefCase(input: { stationId: "${tag(region)}-AG-00000002", gender: MALE, apparentAgeMin: 40, apparentAgeMax: 50, foundOn: "2025-10-01", foundAreaCode: "${code}" }) { reliefRecord { foundAreaCode } }`)
      .join("\n")} }`;
    const res = await postGraphql(node(region).node.url, mutation, { token, purpose: "RELIEF_CASEWORK", caseRef: "RS-2026-0001" });
    expect(res.body.errors ?? []).toEqual([]);
    for (const code of codes) expect(res.body.data![`c${code}`].reliefRecord.foundAreaCode).toBe(code);
    expect(await node(region).prisma.reliefRecord.count()).toBe(codes.length);
  });

  it.each(["CHONGQING", "SICHUAN"] as const)("fileMissingPersonReport at the %s node takes every county of both provinces as home and last-seen area", async (region) => {
    const token = await officerToken(nodes.keysDir, region, ["relief_officer"]);
    const mutation = `mutation { ${ALL.map(
      (code) =>
        `r${code}: fileMissingPersonReport(input: { agencyId: "${tag(region)}-AG-00000002", name: "测试", gender: FEMALE, birthYear: 1960, homeAreaCode: "${code}", lastSeenOn: "2025-01-01", lastSeenAreaCode: "${code}" }) { missingPersonReport { id } }`,
    ).join("\n")} }`;
    const res = await postGraphql(node(region).node.url, mutation, { token, purpose: "FAMILY_SEARCH", caseRef: "RS-2026-0002" });
    expect(res.body.errors ?? []).toEqual([]);
    expect(Object.keys(res.body.data!)).toHaveLength(ALL.length);
  });

  it("the reliefRecords filter takes every code (superseded ones select their successor's records)", async () => {
    const token = await officerToken(nodes.keysDir, "SICHUAN", ["relief_officer"]);
    const query = `{ ${ALL.map((code) => `f${code}: reliefRecords(filter: { foundAreaCode: "${code}" }, first: 1) { totalCount }`).join("\n")} }`;
    const res = await postGraphql(nodes.sc.node.url, query, { token, purpose: "RELIEF_CASEWORK", caseRef: "RS-2026-0003" });
    expect(res.body.errors ?? []).toEqual([]);
    expect(res.body.data!.f510303.totalCount).toBe(1); // recorded by the test above
  });

  it("assistanceStandards takes every code of both provinces", async () => {
    const token = await officerToken(nodes.keysDir, "CHONGQING", ["assistance_caseworker"]);
    const query = `{ ${ALL.map((code) => `s${code}: assistanceStandards(areaCode: "${code}") { category }`).join("\n")} }`;
    const res = await postGraphql(nodes.cq.node.url, query, { token });
    expect(res.body.errors ?? []).toEqual([]);
    expect(Object.keys(res.body.data!)).toHaveLength(ALL.length);
    // 贡井区 gets 自贡市's figures or Sichuan's floor, like any other county of the province.
    expect(res.body.data!.s510303.length).toBeGreaterThan(0);
  });

  it("an unknown county code is still BAD_USER_INPUT", async () => {
    const token = await officerToken(nodes.keysDir, "CHONGQING", ["assistance_caseworker"]);
    const res = await postGraphql(nodes.cq.node.url, `{ assistanceStandards(areaCode: "510199") { category } }`, { token });
    expect(res.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "areaCode" });
  });
});
