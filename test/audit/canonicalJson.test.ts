// The hashed and signed bytes follow RFC 8785 (JCS): checked against the RFC's own examples.
import { canonicalEntryOf, entryHashOf, hashedContentOf, recordOf } from "../../src/audit/auditRecord";
import { canonicalize } from "../../src/audit/canonicalJson";

/** The RFC's number example, as text: written as a literal it has more digits than a double holds. */
const RFC_8785_NUMBER = Number("333333333.33333329");

describe("canonicalize (RFC 8785)", () => {
  it("sorts members by UTF-16 code units at every level and drops insignificant whitespace", () => {
    // RFC 8785 §3.2.3 sorting example (keys as UTF-16 code units: \r, 1, \u0080, ö, €, 😀, דּ).
    const input = { "\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control", "\u00f6": "Latin Small Letter O With Diaeresis" };
    const keysInOrder = [...canonicalize(input).matchAll(/"((?:[^"\\]|\\.)*)":/g)].map((m) => JSON.parse(`"${m[1]}"`));
    expect(keysInOrder).toEqual(["\r", "1", "\u0080", "\u00f6", "\u20ac", "\ud83d\ude00", "\ufb33"]);
    expect(canonicalize({ b: [3, { z: 1, a: null }], a: true })).toBe('{"a":true,"b":[3,{"a":null,"z":1}]}');
  });

  it("serialises numbers and strings as ECMAScript does (RFC 8785 §3.2.2)", () => {
    expect(canonicalize({ numbers: [RFC_8785_NUMBER, 1e30, 4.5, 0.002, 1e-27], string: "€$\u000f\nA'B\"\\\\\"/", literals: [null, true, false] })).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it("refuses what JSON cannot carry", () => {
    expect(() => canonicalize({ a: Number.NaN })).toThrow(/finite/);
    expect(() => canonicalize([undefined])).toThrow(/undefined/);
  });
});

describe("canonicalEntryOf (the entry hash's fast path)", () => {
  it("produces exactly the JCS text of the hashed content", () => {
    const record = recordOf(
      {
        requestId: "r-\u2028\"quoted\"",
        node: "SICHUAN",
        principal: { sub: "sc-1", agency: "SC-MZT", region: "SICHUAN", roles: ["relief_officer", "police_liaison"], forwardedBy: { node: "CHONGQING", tokenId: "t1", homeRequestId: "home-1" } },
        caseRef: "川民〔2025〕12号",
        fieldsDenied: [{ path: "a.b", policyId: "p", reasonCode: "R" }],
        outcome: "PARTIAL",
        resultCount: 3,
        latencyMs: 12.6,
        peerHops: [{ region: "CHONGQING", outcome: "OK", receipt: "x.y.z" }],
      },
      ["00ff"],
      { writerId: "SC-1-w", sequence: 7, previousHash: "ab", recordedAt: new Date("2025-05-05T05:05:05.005Z") },
    );
    expect(canonicalEntryOf(record)).toBe(canonicalize(hashedContentOf(record)));
  });
});

describe("lists a cached plan hands over frozen (their text made once)", () => {
  const at = { writerId: "CQ-1-w", sequence: 4, previousHash: "ef", recordedAt: new Date("2026-12-08T00:00:00.000Z") };
  const lists = () => ({
    fieldsRequested: ["householdVerification.members.name"],
    fieldsMasked: [{ path: "householdVerification.members.name", policyId: "verification.caseworker", reasonCode: "MASK_NAME" }],
    rowRules: [{ rootField: "Query.householdVerification", entity: "Household", policyIds: ["verification.caseworker.jurisdiction"], jurisdiction: "county 500106" }],
  });
  const input = { requestId: "r-2", node: "CHONGQING" as const, outcome: "MASKED" as const, resultCount: 1 };
  const deepFrozen = () => {
    const { fieldsRequested, fieldsMasked, rowRules } = lists();
    return {
      fieldsRequested: Object.freeze(fieldsRequested),
      fieldsMasked: Object.freeze(fieldsMasked.map((f) => Object.freeze(f))),
      rowRules: Object.freeze(rowRules.map((r) => Object.freeze({ ...r, policyIds: Object.freeze(r.policyIds) }))),
    };
  };

  it("hash, stored text and JCS text are those of the same lists unfrozen, on first use and on reuse", () => {
    const plain = recordOf({ ...input, ...lists() }, ["00ff"], at);
    const frozen = deepFrozen();
    for (const record of [recordOf({ ...input, ...frozen }, ["00ff"], at), recordOf({ ...input, ...frozen }, ["00ff"], at)]) {
      expect(record).toEqual(plain);
      expect(canonicalEntryOf(record)).toBe(canonicalize(hashedContentOf(record)));
    }
  });

  it("a frozen list cannot be added to, so the text kept for it cannot go stale", () => {
    const frozen = deepFrozen();
    recordOf({ ...input, ...frozen }, ["00ff"], at);
    expect(() => (frozen.fieldsMasked as unknown as unknown[]).push({ path: "x", policyId: "p", reasonCode: "R" })).toThrow(TypeError);
  });
});

describe("row rules in the entry (format 2) beside entries without them (format 1)", () => {
  const input = {
    requestId: "r-1",
    node: "CHONGQING" as const,
    principal: { sub: "cq-1", agency: "CQ-JZ-500106", region: "CHONGQING" as const, roles: ["relief_officer" as const] },
    purpose: "FAMILY_SEARCH",
    caseRef: "CQ-RS-2026-0008",
    operationName: "Alerts",
    operationHash: "ab",
    fieldsRequested: ["matchAlerts"],
    outcome: "ALLOWED" as const,
    resultCount: 2,
    latencyMs: 5,
    peerHops: [],
  };
  const at = { writerId: "CQ-1-w", sequence: 3, previousHash: "cd", recordedAt: new Date("2026-12-01T00:00:00.000Z") };

  it("an entry without row rules hashes exactly as before the column existed (the hash the earlier writer computed)", () => {
    // Computed by the writer as it was before row rules were recorded (format 1 only), from the same input.
    expect(recordOf(input, ["00ff"], at).entryHash).toBe("97fa2a7ffd4746b44fd2976e6bfe24155df4ac2dafe2dfdad06e8af23384c5ac");
    expect(recordOf({ ...input, rowRules: [] }, ["00ff"], at).entryHash).toBe("97fa2a7ffd4746b44fd2976e6bfe24155df4ac2dafe2dfdad06e8af23384c5ac");
    expect(canonicalEntryOf(recordOf(input, ["00ff"], at))).not.toContain("rowRules");
  });

  it("an entry with row rules is format 2, its JCS text includes them, and removing them breaks its hash", () => {
    const rowRules = [{ rootField: "Query.matchAlerts", entity: "MatchAlert", policyIds: ["family-search.alerts.jurisdiction"], jurisdiction: "county 500106" }];
    const record = recordOf({ ...input, rowRules }, ["00ff"], at);
    expect(JSON.parse(record.rowRules!)).toEqual(rowRules);
    const text = canonicalEntryOf(record);
    expect(text).toBe(canonicalize(hashedContentOf(record)));
    expect(JSON.parse(text)).toMatchObject({ format: "assist-gateway/audit-entry/2", rowRules: record.rowRules });
    const { entryHash, ...unhashed } = record;
    expect(entryHashOf(unhashed)).toBe(entryHash);
    expect(entryHashOf({ ...unhashed, rowRules: null })).not.toBe(entryHash);
    expect(entryHashOf({ ...unhashed, rowRules: record.rowRules!.replace("500106", "500103") })).not.toBe(entryHash);
  });
});
