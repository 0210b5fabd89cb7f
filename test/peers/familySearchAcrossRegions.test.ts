import { insertAgencies } from "../fixtures/verificationFixtures";
import { postGraphql } from "../support/graphqlClient";
import { officerToken, startTwoNodes, type TwoNodes } from "../support/testNode";

const SEARCH = { purpose: "FAMILY_SEARCH", caseRef: "XQ-2025-0101" };

describe("family search across the border, through the peer", () => {
  let nodes: TwoNodes;
  beforeAll(async () => {
    nodes = await startTwoNodes({ fixtures: { CHONGQING: (p) => insertAgencies(p, "CHONGQING"), SICHUAN: (p) => insertAgencies(p, "SICHUAN") } });
  });
  afterAll(() => nodes.stop());

  it("a Chongqing relief officer's search finds the person a Chengdu station took in, tagged SICHUAN, under Sichuan's cross-region rules", async () => {
    const scOfficer = await officerToken(nodes.keysDir, "SICHUAN", ["relief_officer"]);
    const recorded = await postGraphql(
      nodes.sc.node.url,
      `mutation($input: ReliefCaseInput!) { recordReliefCase(input: $input) { reliefRecord { id region } } }`,
      {
        token: scOfficer,
        purpose: "RELIEF_CASEWORK",
        caseRef: "CD-RS-2025-0042",
        variables: {
          input: {
            stationId: "SC-AG-00000002", reportedName: "王小明", gender: "MALE", apparentAgeMin: 60, apparentAgeMax: 70, heightCm: 165,
            foundOn: "2025-10-03", foundAreaCode: "510106", dialect: "chongqing", features: ["scar:left-cheek"], health: "糖尿病", mentalState: "记忆力差",
          },
        },
      },
    );
    expect(recorded.body.errors).toBeUndefined();
    const recordId = recorded.body.data!.recordReliefCase.reliefRecord.id;
    expect(recordId).toMatch(/^SC-/);

    const cqOfficer = await officerToken(nodes.keysDir, "CHONGQING", ["relief_officer"]);
    const res = await postGraphql(
      nodes.cq.node.url,
      `query($report: MissingPersonInput!) { familySearch(report: $report, regions: [CHONGQING, SICHUAN], limit: 5) {
          region matchWeight reliefRecord { id region reportedName health mentalState foundAreaCode } comparisons { attribute weight } } }`,
      {
        token: cqOfficer,
        ...SEARCH,
        variables: { report: { name: "汪小明", gender: "MALE", birthYear: 1958, heightCm: 166, lastSeenOn: "2025-09-28", lastSeenAreaCode: "500103", homeAreaCode: "500103", dialect: "chongqing", features: ["scar:left-cheek"] } },
      },
    );
    const candidates = res.body.data!.familySearch;
    expect(candidates.length).toBeGreaterThan(0);
    const top = candidates[0];
    expect(top).toMatchObject({ region: "SICHUAN", reliefRecord: { id: recordId, region: "SICHUAN", reportedName: "王小明", foundAreaCode: "510106" } });
    // Health stays in the province that recorded it: Sichuan's cross-region rule does not release it.
    expect(top.reliefRecord.health).toBeNull();
    expect(top.reliefRecord.mentalState).toBeNull();
    expect(res.body.errors!.every((e) => e.extensions!.region === "SICHUAN" && e.extensions!.code === "FORBIDDEN")).toBe(true);
    // Weights depend on frequencies measured from the data (one record here), so only the explanation is asserted.
    expect(top.comparisons.map((c: { attribute: string }) => c.attribute)).toEqual(expect.arrayContaining(["NAME", "AGE", "HEIGHT", "TIME", "GEOGRAPHY"]));
    // Nor is anything derived from it: the noted condition takes no part in a cross-region score.
    expect(top.comparisons.map((c: { attribute: string }) => c.attribute)).not.toContain("CONDITION");

    // Sichuan's own relief officer, allowed the record's health data, is searched with it weighed.
    const own = await postGraphql(
      nodes.sc.node.url,
      `query($report: MissingPersonInput!) { familySearch(report: $report, regions: [SICHUAN], limit: 5) { reliefRecord { id mentalState } comparisons { attribute level } } }`,
      {
        token: scOfficer,
        ...SEARCH,
        variables: { report: { name: "汪小明", gender: "MALE", birthYear: 1958, heightCm: 166, lastSeenOn: "2025-09-28", lastSeenAreaCode: "500103", homeAreaCode: "500103", dialect: "chongqing", features: ["scar:left-cheek"] } },
      },
    );
    const ownTop = own.body.data!.familySearch[0];
    expect(ownTop.reliefRecord).toEqual({ id: recordId, mentalState: "记忆力差" });
    expect(ownTop.comparisons).toContainEqual({ attribute: "CONDITION", level: "NOTED" });
  });
});
