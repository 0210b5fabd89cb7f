import { SubjectPseudonymizer } from "../../src/audit";
import { ensureDevSecret } from "../../src/auth";
import { composeIdentityNumber } from "../../src/identity";
import { allowedSteps, DISPOSITION_STATES, type DispositionState } from "../../src/relief/dispositionGraph";
import type { PrismaClient } from "../../src/db";
import { postGraphql } from "../support/graphqlClient";
import { officerToken, startTestNode, type TestNode } from "../support/testNode";
import { insertAgency } from "./support/reliefTestDatabase";

// A relief record's disposition over real HTTP with real tokens: the whole transition matrix
// (every state × every step: the allowed ones succeed and append to the history, every other one
// is refused with TRANSITION_NOT_ALLOWED and changes nothing), what each step must carry, who may
// take it, concurrency, the audit entry, and the history's append-only triggers.

const STATION = "CQ-STATION-1";
const CASEWORK = { purpose: "RELIEF_CASEWORK", caseRef: "CQ-JZ-2026-0001" };
const CHEN_ID = composeIdentityNumber("500103", "1962-08-09", "MALE", 31);

/**
 * The graph as docs/family-search-lifecycle.md states it, written out here by hand (not read from
 * the code) so the test fails if the code drifts from the documented rules.
 */
const DOCUMENTED: Record<DispositionState, DispositionState[]> = {
  IN_CARE: ["RETURNED_HOME", "SETTLED_LOCALLY", "TRANSFERRED_TO_STATION", "TRANSFERRED_TO_INSTITUTION", "LEFT_STATION", "DECEASED"],
  RETURNED_HOME: [],
  SETTLED_LOCALLY: ["RETURNED_HOME", "DECEASED"],
  TRANSFERRED_TO_STATION: [],
  TRANSFERRED_TO_INSTITUTION: ["IN_CARE", "RETURNED_HOME", "SETTLED_LOCALLY", "TRANSFERRED_TO_STATION", "TRANSFERRED_TO_INSTITUTION", "LEFT_STATION", "DECEASED"],
  LEFT_STATION: ["IN_CARE"],
  DECEASED: [],
};

/** The input of a step, complete with what that step must carry. */
function stepInput(recordId: string, step: DispositionState, effectiveOn = "2026-03-02") {
  const base = { reliefRecordId: recordId, effectiveOn, note: `step to ${step}` };
  switch (step) {
    case "RETURNED_HOME":
      return { ...base, disposition: "RETURNED_HOME", receiverKind: "RELATIVE", receiverName: "陈明（子）", destinationAreaCode: "511602" };
    case "TRANSFERRED_TO_STATION":
      return { ...base, disposition: "TRANSFERRED", transferKind: "RELIEF_STATION", transferredTo: "SC-STATION-1" };
    case "TRANSFERRED_TO_INSTITUTION":
      return { ...base, disposition: "TRANSFERRED", transferKind: "CARE_INSTITUTION", transferredTo: "渝中区社会福利院" };
    default:
      return { ...base, disposition: step };
  }
}

/** How to bring a fresh record (IN_CARE) into each state through the API. */
const PATH_TO: Record<DispositionState, DispositionState[]> = {
  IN_CARE: [],
  RETURNED_HOME: ["RETURNED_HOME"],
  SETTLED_LOCALLY: ["SETTLED_LOCALLY"],
  TRANSFERRED_TO_STATION: ["TRANSFERRED_TO_STATION"],
  TRANSFERRED_TO_INSTITUTION: ["TRANSFERRED_TO_INSTITUTION"],
  LEFT_STATION: ["LEFT_STATION"],
  DECEASED: ["DECEASED"],
};

const RECORD = `mutation Step($input: ReliefDispositionInput!) {
  recordReliefDisposition(input: $input) {
    reliefRecord { id disposition dispositionHistory { sequence fromDisposition toDisposition transferKind } }
    change { sequence fromDisposition toDisposition effectiveOn identityStatus officer agency note receiverKind receiverName destinationAreaCode transferKind transferredTo }
  }
}`;

let next = 1;
async function insertRecord(prisma: PrismaClient, overrides: Record<string, unknown> = {}): Promise<string> {
  const id = `CQ-RR-${String(next++).padStart(8, "0")}`;
  await prisma.reliefRecord.create({
    data: {
      id,
      region: "CHONGQING",
      stationId: STATION,
      reportedName: "陈某",
      gender: "MALE",
      apparentAgeMin: 55,
      apparentAgeMax: 65,
      foundOn: "2026-02-01",
      foundAreaCode: "500103",
      // Self-reported identity, so that RETURNED_HOME is possible wherever the graph allows it.
      identityStatus: "SELF_REPORTED",
      ...overrides,
    },
  });
  return id;
}

describe("relief disposition over HTTP", () => {
  let node: TestNode;
  let officer: string;

  beforeAll(async () => {
    node = await startTestNode({
      region: "CHONGQING",
      fixtures: async (prisma) => {
        await insertAgency(prisma, STATION, "CHONGQING", "RELIEF_STATION", "500103");
        await insertAgency(prisma, "CQ-STATION-2", "CHONGQING", "RELIEF_STATION", "500106");
        await insertAgency(prisma, "CQ-STATION-3", "CHONGQING", "RELIEF_STATION", "500103");
      },
    });
    officer = await officerToken(node.keysDir, "CHONGQING", ["relief_officer"], { agency: STATION, sub: "cq-station-officer-7" });
  });
  afterAll(() => node.stop());

  const step = (input: Record<string, unknown>, token = officer) => postGraphql(node.node.url, RECORD, { token, ...CASEWORK, variables: { input } });

  it("the graph in the code is the documented one", () => {
    for (const state of DISPOSITION_STATES) expect({ state, allowed: [...allowedSteps(state)].sort() }).toEqual({ state, allowed: [...DOCUMENTED[state]].sort() });
    expect([...DISPOSITION_STATES].sort()).toEqual(Object.keys(DOCUMENTED).sort());
  });

  // 7 states × 7 steps = 49 cases, generated; each on a fresh record brought into its state through the API.
  const matrix = DISPOSITION_STATES.flatMap((from) => DISPOSITION_STATES.map((to) => ({ from, to, allowed: DOCUMENTED[from].includes(to) })));
  expect(matrix).toHaveLength(49);
  // Allowed: 6 from IN_CARE + 2 from SETTLED_LOCALLY + 7 from a care institution + 1 from LEFT_STATION = 16; forbidden: 49 − 16 = 33.
  expect(matrix.filter((c) => !c.allowed)).toHaveLength(33);

  it.each(matrix)("$from → $to: allowed $allowed", async ({ from, to, allowed }) => {
    const id = await insertRecord(node.prisma);
    for (const [i, s] of PATH_TO[from].entries()) {
      const res = await step(stepInput(id, s, `2026-03-0${i + 1}`));
      expect(res.body.errors).toBeUndefined();
    }
    const before = await node.prisma.reliefRecord.findUniqueOrThrow({ where: { id } });
    const historyBefore = await node.prisma.reliefDispositionChange.count({ where: { reliefRecordId: id } });

    const res = await step(stepInput(id, to, "2026-03-05"));
    const after = await node.prisma.reliefRecord.findUniqueOrThrow({ where: { id } });
    const historyAfter = await node.prisma.reliefDispositionChange.count({ where: { reliefRecordId: id } });
    if (allowed) {
      expect(res.body.errors).toBeUndefined();
      const change = res.body.data!.recordReliefDisposition.change;
      expect(change).toMatchObject({ sequence: historyBefore + 1, fromDisposition: before.disposition, officer: "cq-station-officer-7", agency: STATION, effectiveOn: "2026-03-05" });
      expect(historyAfter).toBe(historyBefore + 1);
    } else {
      expect(res.status).toBe(200);
      expect(res.body.data).toBeNull();
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", reasonCode: "TRANSITION_NOT_ALLOWED", from, to, allowed: DOCUMENTED[from] });
      // Nothing half-written: the record and its history are as they were.
      expect(after.disposition).toBe(before.disposition);
      expect(historyAfter).toBe(historyBefore);
    }
  });

  it("records a return home with who received the person and where, in the history, and audits the subject", async () => {
    const id = await insertRecord(node.prisma, { idNumber: CHEN_ID, identityStatus: "IDENTIFIED" });
    const res = await step(stepInput(id, "RETURNED_HOME", "2026-03-10"));
    expect(res.body.errors).toBeUndefined();
    const payload = res.body.data!.recordReliefDisposition;
    expect(payload.reliefRecord).toMatchObject({ id, disposition: "RETURNED_HOME", dispositionHistory: [{ sequence: 1, fromDisposition: "IN_CARE", toDisposition: "RETURNED_HOME", transferKind: null }] });
    expect(payload.change).toMatchObject({
      toDisposition: "RETURNED_HOME",
      identityStatus: "IDENTIFIED",
      receiverKind: "RELATIVE",
      receiverName: "陈明（子）",
      destinationAreaCode: "511602",
      transferKind: null,
      transferredTo: null,
      note: "step to RETURNED_HOME",
    });
    const entry = await node.prisma.auditEntry.findFirstOrThrow({ where: { requestId: res.headers.get("x-request-id")! } });
    expect(entry).toMatchObject({ outcome: "ALLOWED", principalSub: "cq-station-officer-7", purpose: "RELIEF_CASEWORK", caseRef: CASEWORK.caseRef });
    const pseudonyms = new SubjectPseudonymizer(node.config.auditSubjectKey ?? ensureDevSecret(node.keysDir, "chongqing-audit-subject"));
    expect(JSON.parse(entry.subjectHmacs)).toEqual([pseudonyms.hmacOf(CHEN_ID)]);
    expect(JSON.stringify(entry)).not.toContain("陈明");
  });

  it("refuses to return home a person whose identity is unknown (IDENTITY_UNKNOWN), and writes nothing", async () => {
    const id = await insertRecord(node.prisma, { identityStatus: "UNIDENTIFIED", reportedName: null });
    const res = await step(stepInput(id, "RETURNED_HOME"));
    expect(res.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", reasonCode: "IDENTITY_UNKNOWN" });
    expect(await node.prisma.reliefDispositionChange.count({ where: { reliefRecordId: id } })).toBe(0);
    expect((await node.prisma.reliefRecord.findUniqueOrThrow({ where: { id } })).disposition).toBe("IN_CARE");
  });

  it.each([
    ["no receiver kind", { receiverKind: null }, "input.receiverKind"],
    ["a blank receiver", { receiverName: " " }, "input.receiverName"],
    ["no destination", { destinationAreaCode: null }, "input.destinationAreaCode"],
    ["an unknown destination code", { destinationAreaCode: "519999" }, "input.destinationAreaCode"],
    ["a transfer kind", { transferKind: "RELIEF_STATION" }, "input.transferKind"],
    ["a date in the future", { effectiveOn: "2099-01-01" }, "input.effectiveOn"],
    ["a date before the person was found", { effectiveOn: "2026-01-31" }, "input.effectiveOn"],
    ["a 501-character note", { note: "长".repeat(501) }, "input.note"],
  ])("a return home with %s is BAD_USER_INPUT naming the field", async (_label, change, field) => {
    const id = await insertRecord(node.prisma);
    const res = await step({ ...stepInput(id, "RETURNED_HOME"), ...change });
    expect(res.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    expect(await node.prisma.reliefDispositionChange.count({ where: { reliefRecordId: id } })).toBe(0);
  });

  it.each([
    [{ disposition: "TRANSFERRED", transferredTo: "X" }, "input.transferKind"],
    [{ disposition: "TRANSFERRED", transferKind: "CARE_INSTITUTION" }, "input.transferredTo"],
    [{ disposition: "DECEASED", receiverName: "某人" }, "input.receiverName"],
    [{ disposition: "LEFT_STATION", transferredTo: "某院" }, "input.transferredTo"],
  ])("%j is BAD_USER_INPUT naming %s", async (input, field) => {
    const id = await insertRecord(node.prisma);
    const res = await step({ reliefRecordId: id, ...input });
    expect(res.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
  });

  it("only the station holding the record, only relief officers of this province", async () => {
    const id = await insertRecord(node.prisma);
    // Another station of the same county (500103): inside the row rule, but not the holding station.
    const otherStation = await officerToken(node.keysDir, "CHONGQING", ["relief_officer"], { agency: "CQ-STATION-3" });
    expect((await step(stepInput(id, "DECEASED"), otherStation)).body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", reasonCode: "NOT_HOLDING_STATION" });
    // A station of another county (500106): the record is outside its jurisdiction (relief.rows.casework denies outside lookups).
    const otherCounty = await officerToken(node.keysDir, "CHONGQING", ["relief_officer"], { agency: "CQ-STATION-2" });
    expect((await step(stepInput(id, "DECEASED"), otherCounty)).body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", reasonCode: "OUTSIDE_JURISDICTION", policyId: "relief.rows.casework" });
    const sichuan = await officerToken(node.keysDir, "SICHUAN", ["relief_officer"], { agency: STATION });
    expect((await step(stepInput(id, "DECEASED"), sichuan)).body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN" });
    const police = await officerToken(node.keysDir, "CHONGQING", ["police_liaison"], { agency: STATION });
    const byPolice = await step(stepInput(id, "DECEASED"), police);
    expect(byPolice.body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN" });
    const noPurpose = await postGraphql(node.node.url, RECORD, { token: officer, variables: { input: stepInput(id, "DECEASED") } });
    expect(noPurpose.body.errors![0].extensions!.code).toBe("PURPOSE_REQUIRED");
    expect((await node.prisma.reliefRecord.findUniqueOrThrow({ where: { id } })).disposition).toBe("IN_CARE");
    expect(await node.prisma.reliefDispositionChange.count({ where: { reliefRecordId: id } })).toBe(0);
  });

  it("of two officers moving one record at once, exactly one succeeds", async () => {
    const id = await insertRecord(node.prisma);
    // Three steps none of which may follow another, so whichever commits first, the others must be refused.
    const results = await Promise.all([step(stepInput(id, "DECEASED")), step(stepInput(id, "TRANSFERRED_TO_STATION")), step(stepInput(id, "LEFT_STATION"))]);
    const succeeded = results.filter((r) => !r.body.errors);
    expect(succeeded).toHaveLength(1);
    for (const refused of results.filter((r) => r.body.errors)) {
      expect(["CHANGED_MEANWHILE", "TRANSITION_NOT_ALLOWED"]).toContain(refused.body.errors![0].extensions!.reasonCode);
    }
    expect(await node.prisma.reliefDispositionChange.count({ where: { reliefRecordId: id } })).toBe(1);
  });

  it("the history is append-only in the database itself", async () => {
    const id = await insertRecord(node.prisma);
    expect((await step(stepInput(id, "LEFT_STATION"))).body.errors).toBeUndefined();
    // Refused by the database's triggers (the SQLite adapter reports them as constraint violations, PostgreSQL as restrict_violation).
    await expect(node.prisma.reliefDispositionChange.updateMany({ where: { reliefRecordId: id }, data: { note: "rewritten" } })).rejects.toThrow();
    await expect(node.prisma.reliefDispositionChange.deleteMany({ where: { reliefRecordId: id } })).rejects.toThrow();
    expect(await node.prisma.reliefDispositionChange.findFirstOrThrow({ where: { reliefRecordId: id } })).toMatchObject({ note: "step to LEFT_STATION" });
  });
});
