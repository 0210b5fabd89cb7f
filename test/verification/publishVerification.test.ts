import { composeIdentityNumber } from "../../src/identity";
import { FIXTURE_PEOPLE, insertVerificationFixtures } from "../fixtures/verificationFixtures";
import { postGraphql } from "../support/graphqlClient";
import { officerToken, startTwoNodes, type TwoNodes } from "../support/testNode";

// A verification centre's system publishes results machine to machine (issue 19): real nodes over
// real databases (SQLite, or PostgreSQL with TEST_DATABASE=postgresql), real HTTP, real JWTs.

const PUBLISH = `mutation Publish($input: PublishHouseholdVerificationInput!) {
  publishHouseholdVerification(input: $input) { outcome verificationId externalRef version supersededId answeredRequest { id state resultVerificationId } } }`;
const SC_CENTRE = "SC-AG-00000001"; // 四川省居民家庭经济状况核对中心 (fixtures)
const CQ_CENTRE = "CQ-AG-00000001";
/** The centre's own batch or job number (HTTP headers are ASCII; the report number travels in the body). */
const PUBLISH_HEADERS = { purpose: "VERIFICATION_PUBLISH", caseRef: "SC-HDZX-BATCH-2026-11" };

const wangLei = composeIdentityNumber("510107", "1975-06-01", "MALE", 311);
const wangMother = composeIdentityNumber("510107", "1950-11-20", "FEMALE", 312);

function publication(overrides: Record<string, unknown> = {}) {
  return {
    externalRef: "川核〔2026〕0001号",
    program: "MLG",
    conclusion: "ELIGIBLE",
    requestedOn: "2026-11-02",
    verifiedAt: "2026-11-20T09:30:00+08:00",
    standardFen: 112_000,
    household: {
      areaCode: "510107",
      residence: "URBAN",
      address: "成都市武侯区浆洗街道1号",
      members: [
        { idNumber: wangLei, name: "王磊", birthDate: "1975-06-01", relation: "HEAD" },
        { idNumber: wangMother, name: "李秀英", birthDate: "1950-11-20", relation: "PARENT", disabilityGrade: 2 },
      ],
    },
    incomes: [
      { memberIdNumber: wangLei, source: "WAGES", dataSource: "SOCIAL_INSURANCE", monthlyAmountFen: 150_000 },
      { memberIdNumber: wangMother, source: "PENSION", dataSource: "SOCIAL_INSURANCE", monthlyAmountFen: 40_000 },
    ],
    assets: [
      { memberIdNumber: wangLei, kind: "INTERNET_FINANCE", valueFen: 230_000, institution: "余额宝（天弘基金）", accountRef: "****8821" },
      { memberIdNumber: wangLei, kind: "VESSEL", valueFen: 800_000, institution: "成都海事局", accountRef: null },
    ],
    expenditures: [{ memberIdNumber: wangMother, kind: "MEDICAL", monthlyAmountFen: 60_000 }],
    ...overrides,
  };
}

describe("publishHouseholdVerification: a verification centre publishes its province's results", () => {
  let nodes: TwoNodes;
  let centre: string;
  beforeAll(async () => {
    nodes = await startTwoNodes({
      fixtures: { CHONGQING: (p) => insertVerificationFixtures(p, "CHONGQING", 2), SICHUAN: (p) => insertVerificationFixtures(p, "SICHUAN", 2) },
    });
    centre = await officerToken(nodes.keysDir, "SICHUAN", ["verification_centre"], { agency: SC_CENTRE, sub: "sc-hdzx-system" });
  });
  afterAll(() => nodes.stop());

  const publish = (input: Record<string, unknown>, token = centre, url = nodes.sc.node.url) =>
    postGraphql(url, PUBLISH, { token, ...PUBLISH_HEADERS, variables: { input } });

  it("publishes, audits the publication by HMAC, and the other province reads it under Sichuan's cross-region policy", async () => {
    const res = await publish(publication());
    expect(res.body.errors).toBeUndefined();
    const published = res.body.data!.publishHouseholdVerification;
    expect(published).toMatchObject({ outcome: "CREATED", externalRef: "川核〔2026〕0001号", version: 1, supersededId: null, answeredRequest: null });
    const stored = await nodes.sc.prisma.householdVerification.findUniqueOrThrow({ where: { id: published.verificationId }, include: { assets: true, incomes: true, expenditures: true } });
    expect(stored).toMatchObject({ region: "SICHUAN", areaCode: "510107", memberCount: 2, totalMonthlyIncomeFen: 190_000, perCapitaIncomeFen: 95_000, totalAssetsFen: 1_030_000, completedOn: "2026-11-20", agencyId: SC_CENTRE, publishedBy: "sc-hdzx-system" });
    // 低保, a household with a disabled member: yearly re-check by default (渝 条例 Art 26).
    expect(stored.reviewDueOn).toBe("2027-11-20");
    expect(stored.assets.map((a) => a.kind).sort()).toEqual(["INTERNET_FINANCE", "VESSEL"]);
    expect(stored.incomes.every((i) => i.dataSource === "SOCIAL_INSURANCE")).toBe(true);
    expect(stored.expenditures).toHaveLength(1);

    // Audited like a read: the publication's entry names both members, by keyed HMAC only.
    const entry = await nodes.sc.prisma.auditEntry.findFirstOrThrow({ where: { operationName: "Publish" }, orderBy: { id: "desc" } });
    expect(entry).toMatchObject({ outcome: "ALLOWED", principalSub: "sc-hdzx-system", principalAgency: SC_CENTRE, purpose: "VERIFICATION_PUBLISH" });
    const hmacs = JSON.parse(entry.subjectHmacs) as string[];
    expect(hmacs).toHaveLength(2);
    expect(JSON.stringify(entry)).not.toContain(wangLei);
    const compliance = await officerToken(nodes.keysDir, "SICHUAN", ["compliance_officer"]);
    const report = await postGraphql(nodes.sc.node.url, `query($n: String!) { subjectAccessReport(idNumber: $n) { operationName officer } }`, { token: compliance, purpose: "AUDIT_REVIEW", caseRef: "AUD-1", variables: { n: wangMother } });
    expect(report.body.data!.subjectAccessReport).toEqual(expect.arrayContaining([expect.objectContaining({ operationName: "Publish", officer: "sc-hdzx-system" })]));

    // Across the border: a Chongqing verification officer, through the Chongqing node, gets Sichuan's summary.
    const cqOfficer = await officerToken(nodes.keysDir, "CHONGQING", ["verification_officer"]);
    const read = await postGraphql(
      nodes.cq.node.url,
      `query($id: ID!) { householdVerification(id: $id) { region conclusion perCapitaIncomeFen totalMonthlyIncomeFen totalAssetsFen reviewDueOn reviewStatus version current expenditures { kind } household { members { name idNumber relation } } } }`,
      { token: cqOfficer, purpose: "MLG_REVIEW", caseRef: "CQ-MLG-2026-0100", variables: { id: published.verificationId } },
    );
    const hv = read.body.data!.householdVerification;
    expect(hv).toMatchObject({ region: "SICHUAN", conclusion: "ELIGIBLE", perCapitaIncomeFen: 95_000, totalAssetsFen: null, expenditures: null, reviewDueOn: "2027-11-20", reviewStatus: "SCHEDULED", version: 1, current: true });
    expect(hv.totalMonthlyIncomeFen).not.toBe(190_000); // banded
    expect(hv.household.members).toHaveLength(2);
    expect(hv.household.members).toEqual(expect.arrayContaining([{ name: "王*", idNumber: `510107********${wangLei.slice(-4)}`, relation: "HEAD" }]));
    expect(read.body.errors!.map((e) => e.extensions!.code)).toEqual(expect.arrayContaining(["FORBIDDEN"]));

    // At home, Sichuan's own officer sees the detail, expenditures included.
    const scOfficer = await officerToken(nodes.keysDir, "SICHUAN", ["verification_officer"]);
    const home = await postGraphql(nodes.sc.node.url, `query($id: ID!) { householdVerification(id: $id) { totalAssetsFen expenditures { kind monthlyAmountFen } assets { kind } } }`, { token: scOfficer, purpose: "MLG_REVIEW", caseRef: "SC-1", variables: { id: published.verificationId } });
    expect(home.body.data!.householdVerification).toMatchObject({ totalAssetsFen: 1_030_000, expenditures: [{ kind: "MEDICAL", monthlyAmountFen: 60_000 }] });
  });

  it("republishing the same content changes nothing; different content is a new version and history stays readable", async () => {
    const input = publication({ externalRef: "川核〔2026〕0002号", household: { ...publication().household, members: [publication().household.members[0]] }, incomes: [publication().incomes[0]], assets: [], expenditures: [] });
    input.household.members = [{ idNumber: composeIdentityNumber("510104", "1988-01-09", "FEMALE", 77), name: "赵敏", birthDate: "1988-01-09", relation: "HEAD" }];
    input.household.areaCode = "510104";
    input.incomes = [{ memberIdNumber: input.household.members[0].idNumber, source: "WAGES", dataSource: "TAX", monthlyAmountFen: 90_000 }];
    const first = (await publish(input)).body.data!.publishHouseholdVerification;
    expect(first.outcome).toBe("CREATED");
    const rowsBefore = await nodes.sc.prisma.householdVerification.count();
    const membersBefore = await nodes.sc.prisma.householdMember.count();

    // Same content, members' order and all: a no-op.
    const again = (await publish(input)).body.data!.publishHouseholdVerification;
    expect(again).toMatchObject({ outcome: "UNCHANGED", verificationId: first.verificationId, version: 1 });
    expect(await nodes.sc.prisma.householdVerification.count()).toBe(rowsBefore);

    // Different content under the same externalRef: version 2 supersedes version 1.
    const changed = { ...input, conclusion: "INELIGIBLE", incomes: [{ ...input.incomes[0], monthlyAmountFen: 190_000 }] };
    const second = (await publish(changed)).body.data!.publishHouseholdVerification;
    expect(second).toMatchObject({ outcome: "NEW_VERSION", version: 2, supersededId: first.verificationId });
    expect(await nodes.sc.prisma.householdVerification.count()).toBe(rowsBefore + 1);
    expect(await nodes.sc.prisma.householdMember.count()).toBe(membersBefore);

    const scOfficer = await officerToken(nodes.keysDir, "SICHUAN", ["verification_officer"]);
    const history = await postGraphql(
      nodes.sc.node.url,
      `query($id: ID!) { householdVerification(id: $id) { version current conclusion totalMonthlyIncomeFen versions { id version current conclusion supersededById } reportVersion(number: 1) { id conclusion totalMonthlyIncomeFen } } }`,
      { token: scOfficer, purpose: "MLG_REVIEW", caseRef: "SC-2", variables: { id: second.verificationId } },
    );
    expect(history.body.errors).toBeUndefined();
    expect(history.body.data!.householdVerification).toEqual({
      version: 2,
      current: true,
      conclusion: "INELIGIBLE",
      totalMonthlyIncomeFen: 190_000,
      versions: [
        { id: first.verificationId, version: 1, current: false, conclusion: "ELIGIBLE", supersededById: second.verificationId },
        { id: second.verificationId, version: 2, current: true, conclusion: "INELIGIBLE", supersededById: null },
      ],
      reportVersion: { id: first.verificationId, conclusion: "ELIGIBLE", totalMonthlyIncomeFen: 90_000 },
    });
    // Version 1's content is as first published.
    expect(await nodes.sc.prisma.incomeItem.findMany({ where: { verificationId: first.verificationId }, select: { monthlyAmountFen: true } })).toEqual([{ monthlyAmountFen: 90_000 }]);
  });

  it("completes a 协查 request with the published result, at both nodes", async () => {
    const caseworker = await officerToken(nodes.keysDir, "CHONGQING", ["assistance_caseworker"]);
    const asked = await postGraphql(
      nodes.cq.node.url,
      `mutation($input: VerificationRequestInput!) { requestVerification(input: $input) { id state } }`,
      { token: caseworker, purpose: "MLG_REVIEW", caseRef: "CQ-MLG-2026-0200", variables: { input: { idNumber: FIXTURE_PEOPLE.chenJing, targetRegion: "SICHUAN", program: "MLG", reason: "申请人户籍在成都" } } },
    );
    const requestId = asked.body.data!.requestVerification.id as string;

    const input = publication({
      externalRef: "川核〔2026〕0003号",
      answersRequest: requestId,
      household: { areaCode: "510104", residence: "URBAN", members: [{ idNumber: FIXTURE_PEOPLE.chenJing, name: "陈静", birthDate: "1983-02-14", relation: "HEAD" }] },
      incomes: [{ memberIdNumber: FIXTURE_PEOPLE.chenJing, source: "WAGES", dataSource: "TAX", monthlyAmountFen: 60_000 }],
      assets: [],
      expenditures: [],
    });
    const res = await publish(input);
    expect(res.body.errors).toBeUndefined();
    const published = res.body.data!.publishHouseholdVerification;
    expect(published.answeredRequest).toEqual({ id: requestId, state: "COMPLETED", resultVerificationId: published.verificationId });
    // Both nodes hold it COMPLETED at once (the requesting node was told; nobody had to read it first).
    for (const prisma of [nodes.sc.prisma, nodes.cq.prisma]) {
      expect(await prisma.crossRegionVerificationRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ state: "COMPLETED", resultVerificationId: published.verificationId, handledBy: "sc-hdzx-system" });
    }
    // The household the centre published is the one Chen Jing was already registered in.
    expect((await nodes.sc.prisma.householdVerification.findUniqueOrThrow({ where: { id: published.verificationId } })).householdId).toBe("SC-HH-00000001");

    // The caseworker reads the result through Chongqing, under Sichuan's rules for a caseworker.
    const result = await postGraphql(nodes.cq.node.url, `query($id: ID!) { householdVerification(id: $id) { conclusion totalAssetsFen } }`, { token: caseworker, purpose: "MLG_REVIEW", caseRef: "CQ-MLG-2026-0200", variables: { id: published.verificationId } });
    expect(result.body.data!.householdVerification).toEqual({ conclusion: "ELIGIBLE", totalAssetsFen: null });

    // A closed request cannot be answered again; nothing is written.
    const before = await nodes.sc.prisma.householdVerification.count();
    const closed = await publish({ ...input, externalRef: "川核〔2026〕0004号" });
    expect(closed.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.answersRequest" });
    expect(closed.body.errors![0].message).toMatch(/already closed/);
    expect(await nodes.sc.prisma.householdVerification.count()).toBe(before);
  });

  it("refuses an answersRequest that names another province's request", async () => {
    const scCaseworker = await officerToken(nodes.keysDir, "SICHUAN", ["assistance_caseworker"]);
    const asked = await postGraphql(
      nodes.sc.node.url,
      `mutation($input: VerificationRequestInput!) { requestVerification(input: $input) { id } }`,
      { token: scCaseworker, purpose: "MLG_REVIEW", caseRef: "SC-MLG-2026-0001", variables: { input: { idNumber: FIXTURE_PEOPLE.zhangWei, targetRegion: "CHONGQING", program: "MLG", reason: "户籍在重庆" } } },
    );
    const theirs = asked.body.data!.requestVerification.id as string; // held at Sichuan too, addressed to Chongqing
    const before = await nodes.sc.prisma.householdVerification.count();
    const res = await publish(publication({ externalRef: "川核〔2026〕0005号", answersRequest: theirs }));
    expect(res.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.answersRequest" });
    expect(res.body.errors![0].message).toMatch(/another province's request/);
    expect(await nodes.sc.prisma.householdVerification.count()).toBe(before);
    expect(await nodes.sc.prisma.crossRegionVerificationRequest.findUniqueOrThrow({ where: { id: theirs } })).toMatchObject({ state: "REQUESTED" });
  });

  describe("bad input: BAD_USER_INPUT naming the field, nothing written", () => {
    const base = publication({ externalRef: "川核〔2026〕0099号" });
    const member0 = base.household.members[0];
    const badCheck = wangLei.slice(0, 17) + (wangLei[17] === "0" ? "1" : "0");
    const inFuture = new Date(Date.now() + 86_400_000).toISOString();
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ["a wrong check character", { household: { ...base.household, members: [{ ...member0, idNumber: badCheck }, base.household.members[1]] } }, "input.household.members[0].idNumber"],
      ["an impossible birth date", { household: { ...base.household, members: [{ ...member0, birthDate: "1975-02-30" }, base.household.members[1]] } }, "input.household.members[0].birthDate"],
      ["an unknown area", { household: { ...base.household, areaCode: "519999" } }, "input.household.areaCode"],
      ["an area of the other province", { household: { ...base.household, areaCode: "500103" } }, "input.household.areaCode"],
      ["negative fen", { incomes: [{ ...base.incomes[0], monthlyAmountFen: -1 }] }, "input.incomes[0].monthlyAmountFen"],
      ["the same member twice", { household: { ...base.household, members: [member0, base.household.members[1], member0] } }, "input.household.members[2].idNumber"],
      ["a household with no members", { household: { ...base.household, members: [] }, incomes: [], assets: [], expenditures: [] }, "input.household.members"],
      ["verifiedAt in the future", { verifiedAt: inFuture }, "input.verifiedAt"],
    ];
    it.each(cases)("%s", async (_what, change, field) => {
      const counts = async () => [await nodes.sc.prisma.householdVerification.count(), await nodes.sc.prisma.householdMember.count(), await nodes.sc.prisma.household.count()];
      const before = await counts();
      const res = await publish({ ...base, ...change });
      expect(res.body.data).toBeNull();
      expect(res.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
      expect(await counts()).toEqual(before);
    });
  });

  describe("the centre writes its own province's results and reads nothing", () => {
    it("a Chongqing centre cannot publish to the Sichuan node", async () => {
      const cqCentre = await officerToken(nodes.keysDir, "CHONGQING", ["verification_centre"], { agency: CQ_CENTRE });
      const res = await publish(publication({ externalRef: "渝核-X-1" }), cqCentre);
      expect(res.body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", reasonCode: "CROSS_REGION_REQUIRES_PEER" });
      expect(await nodes.sc.prisma.householdVerification.count({ where: { reportNumber: "渝核-X-1" } })).toBe(0);
    });

    it("a Chongqing centre cannot publish a Sichuan household to its own node", async () => {
      const cqCentre = await officerToken(nodes.keysDir, "CHONGQING", ["verification_centre"], { agency: CQ_CENTRE });
      const res = await publish(publication({ externalRef: "渝核-X-2" }), cqCentre, nodes.cq.node.url);
      expect(res.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.household.areaCode" });
    });

    it("a token whose agency is not a verification centre is refused", async () => {
      const station = await officerToken(nodes.keysDir, "SICHUAN", ["verification_centre"], { agency: "SC-AG-00000002" });
      const res = await publish(publication({ externalRef: "川核-X-3" }), station);
      expect(res.body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", reasonCode: "AGENCY_NOT_VERIFICATION_CENTRE" });
    });

    it("other roles cannot publish, and the centre cannot read results", async () => {
      const officer = await officerToken(nodes.keysDir, "SICHUAN", ["verification_officer"]);
      const byOfficer = await postGraphql(nodes.sc.node.url, PUBLISH, { token: officer, purpose: "MLG_REVIEW", caseRef: "x", variables: { input: publication({ externalRef: "川核-X-4" }) } });
      expect(byOfficer.body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", reasonCode: "NO_GRANT_FOR_ROLE" });
      for (const [url, id] of [[nodes.sc.node.url, "SC-HV-00000001"], [nodes.cq.node.url, "SC-HV-00000001"], [nodes.cq.node.url, "CQ-HV-00000001"]]) {
        const read = await postGraphql(url, `query($id: ID!) { householdVerification(id: $id) { id conclusion } }`, { token: centre, purpose: "VERIFICATION_PUBLISH", caseRef: "x", variables: { id } });
        expect(read.body.data).toEqual({ householdVerification: null });
        expect(read.body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN" });
      }
    });
  });
});
