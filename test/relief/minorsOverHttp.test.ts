import { insertJurisdictionFixtures, insertReliefJurisdictionFixtures } from "../fixtures/jurisdictionFixtures";
import { postGraphql } from "../support/graphqlClient";
import { officerToken, startTwoNodes, type TwoNodes } from "../support/testNode";

// Records and reports of people under 18 get the stricter masks of policies/relief.yaml `minors:`,
// at home for callers without the exemption and always across the border; adults' rows beside
// them are untouched. Real HTTP, real JWTs, both nodes over real databases.

const RECORD = `query($id: ID!) { reliefRecord(id: $id) { id minor reportedName idNumber clothing placeNamesSpoken foundAreaCode apparentAgeMin } }`;
const REPORT = `query($id: ID!) { missingPersonReport(id: $id) { id minor name aliases birthDate idNumber lastSeenAreaCode } }`;
const SEARCH = { purpose: "FAMILY_SEARCH", caseRef: "CQ-XQ-2026-0007" };

describe("minors: stricter masks on rows of people under 18", () => {
  let nodes: TwoNodes;

  beforeAll(async () => {
    nodes = await startTwoNodes({
      fixtures: {
        CHONGQING: async (p) => {
          await insertJurisdictionFixtures(p, "CHONGQING");
          await insertReliefJurisdictionFixtures(p);
          const report = { region: "CHONGQING" as const, agencyId: "CQ-MZ-500103", gender: "MALE" as const, homeAreaCode: "500103", lastSeenOn: "2025-06-01", lastSeenAreaCode: "500106" };
          await p.missingPersonReport.createMany({
            data: [
              { ...report, id: "CQ-MP-J0000001", name: "王小军", aliases: "军军", birthDate: "2014-03-02", birthYear: 2014, idNumber: "500103201403020019" },
              { ...report, id: "CQ-MP-J0000002", name: "王大军", aliases: "老王", birthDate: "1970-03-02", birthYear: 1970 },
            ],
          });
        },
        SICHUAN: (p) => insertJurisdictionFixtures(p, "SICHUAN"),
      },
    });
  });
  afterAll(() => nodes.stop());

  it("the home station working the case sees a child's record in full (the exemption)", async () => {
    const station = await officerToken(nodes.keysDir, "CHONGQING", ["relief_officer"], { agency: "CQ-JZ-500103" });
    const res = await postGraphql(nodes.cq.node.url, RECORD, { token: station, ...SEARCH, variables: { id: "CQ-RR-J0000001" } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.reliefRecord).toMatchObject({ minor: true, reportedName: "小明", clothing: "蓝色外套", foundAreaCode: "500103" });
    expect(res.body.data!.reliefRecord.idNumber).toMatch(/^500103\d{11}[\dX]$/);
  });

  it("a police liaison at home gets a child's record masked, the adult's beside it as before, and the audit names the minor masks", async () => {
    const police = await officerToken(nodes.keysDir, "CHONGQING", ["police_liaison"]);
    const query = `{ child: reliefRecord(id: "CQ-RR-J0000001") { minor reportedName idNumber clothing placeNamesSpoken foundAreaCode } adult: reliefRecord(id: "CQ-RR-J0000002") { minor reportedName clothing placeNamesSpoken foundAreaCode } }`;
    const res = await postGraphql(nodes.cq.node.url, query, { token: police, ...SEARCH });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({
      child: { minor: true, reportedName: "小*", idNumber: null, clothing: null, placeNamesSpoken: null, foundAreaCode: null },
      adult: { minor: false, reportedName: "受助人1", clothing: "蓝色外套", placeNamesSpoken: ["万州", "大竹"], foundAreaCode: "500103" },
    });
    expect(JSON.stringify(res.body)).not.toContain("__policyMinor");
    const entry = (await nodes.cq.prisma.auditEntry.findMany({ where: { requestId: res.headers.get("x-request-id")! } }))[0];
    const masked = JSON.parse(entry.fieldsMasked) as Array<{ path: string; policyId: string; reasonCode: string }>;
    expect(masked).toEqual(expect.arrayContaining([
      { path: "child.reportedName", policyId: "relief.minors.record", reasonCode: "MINOR_MASK_NAME" },
      { path: "child.idNumber", policyId: "relief.minors.record", reasonCode: "MINOR_DENIED" },
    ]));
    expect(masked.some((m) => m.path.startsWith("adult."))).toBe(false);
  });

  it("in a list, each row is judged by its own age", async () => {
    const police = await officerToken(nodes.keysDir, "CHONGQING", ["police_liaison"]);
    const res = await postGraphql(nodes.cq.node.url, `{ reliefRecords(filter: {}, first: 20) { edges { node { id minor reportedName apparentAgeMin } } } }`, { token: police, ...SEARCH });
    expect(res.body.errors).toBeUndefined();
    const nodesSeen = res.body.data!.reliefRecords.edges.map((e: { node: { minor: boolean; reportedName: string; apparentAgeMin: number } }) => e.node);
    expect(nodesSeen.length).toBeGreaterThan(2);
    for (const row of nodesSeen) {
      expect(row.minor).toBe(row.apparentAgeMin < 18);
      if (row.minor) expect(row.reportedName).toMatch(/\*/);
      else expect(row.reportedName).not.toMatch(/\*/);
    }
  });

  it("across the border the exemption never applies: a Sichuan station officer gets the child's record masked through the peer", async () => {
    const sichuanStation = await officerToken(nodes.keysDir, "SICHUAN", ["relief_officer"], { agency: "SC-JZ-510303" });
    const child = await postGraphql(nodes.sc.node.url, RECORD, { token: sichuanStation, ...SEARCH, variables: { id: "CQ-RR-J0000001" } });
    expect(child.body.errors).toBeUndefined();
    expect(child.body.data!.reliefRecord).toMatchObject({ minor: true, reportedName: "小*", idNumber: null, clothing: null, placeNamesSpoken: null, foundAreaCode: null });
    const adult = await postGraphql(nodes.sc.node.url, RECORD, { token: sichuanStation, ...SEARCH, variables: { id: "CQ-RR-J0000002" } });
    expect(adult.body.data!.reliefRecord).toMatchObject({ minor: false, reportedName: "受助人1", clothing: "蓝色外套", foundAreaCode: "500103" });
    expect(JSON.stringify([child.body, adult.body])).not.toContain("__policyMinor");
  });

  it("a child's missing-person report: name masked, birth year only, no aliases, number or last-seen area — across the border too", async () => {
    const sichuanPolice = await officerToken(nodes.keysDir, "SICHUAN", ["police_liaison"]);
    const child = await postGraphql(nodes.sc.node.url, REPORT, { token: sichuanPolice, ...SEARCH, variables: { id: "CQ-MP-J0000001" } });
    expect(child.body.errors).toBeUndefined();
    expect(child.body.data!.missingPersonReport).toEqual({ id: "CQ-MP-J0000001", minor: true, name: "王*军", aliases: null, birthDate: "2014", idNumber: null, lastSeenAreaCode: null });
    const adult = await postGraphql(nodes.sc.node.url, REPORT, { token: sichuanPolice, ...SEARCH, variables: { id: "CQ-MP-J0000002" } });
    expect(adult.body.data!.missingPersonReport).toMatchObject({ minor: false, name: "王大军", aliases: ["老王"], lastSeenAreaCode: "500106" });
    // At home the police liaison filing family searches is exempt for reports.
    const homePolice = await officerToken(nodes.keysDir, "CHONGQING", ["police_liaison"]);
    const home = await postGraphql(nodes.cq.node.url, REPORT, { token: homePolice, ...SEARCH, variables: { id: "CQ-MP-J0000001" } });
    expect(home.body.data!.missingPersonReport).toMatchObject({ minor: true, name: "王小军", birthDate: "2014-03-02" });
  });
});
