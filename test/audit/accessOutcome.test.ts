// How an operation's end maps to an outcome, and how released items are counted.
import { classifyOutcome, countResults } from "../../src/audit";

const none = { fieldsDenied: [], fieldsMasked: [] };
const denied = { fieldsDenied: [{ path: "a.b", policyId: "p", reasonCode: "R" }], fieldsMasked: [] };
const masked = { fieldsDenied: [], fieldsMasked: [{ path: "a.c", policyId: "p", reasonCode: "M" }] };

describe("classifyOutcome", () => {
  it.each([
    ["UNAUTHENTICATED before anything", { executed: false, errorCodes: ["UNAUTHENTICATED"], access: none, resultCount: 0 }, "UNAUTHENTICATED", "UNAUTHENTICATED"],
    ["refused by policy", { executed: false, errorCodes: ["FORBIDDEN"], access: denied, resultCount: 0 }, "DENIED", "FORBIDDEN"],
    ["refused for want of purpose", { executed: false, errorCodes: ["PURPOSE_REQUIRED"], access: none, resultCount: 0 }, "DENIED", "PURPOSE_REQUIRED"],
    ["too complex", { executed: false, errorCodes: ["QUERY_TOO_COMPLEX"], access: none, resultCount: 0 }, "INVALID", "QUERY_TOO_COMPLEX"],
    ["variables of the wrong type", { executed: false, errorCodes: ["BAD_USER_INPUT"], access: none, resultCount: 0 }, "INVALID", "BAD_USER_INPUT"],
    ["a hook failed before execution", { executed: false, errorCodes: ["INTERNAL_SERVER_ERROR"], access: none, resultCount: 0 }, "FAILED", "INTERNAL_SERVER_ERROR"],
    ["a resolver failed", { executed: true, errorCodes: ["INTERNAL_SERVER_ERROR"], access: none, resultCount: 1 }, "FAILED", "INTERNAL_SERVER_ERROR"],
    ["a failure outweighs a denial", { executed: true, errorCodes: ["FORBIDDEN", "INTERNAL_SERVER_ERROR"], access: denied, resultCount: 1 }, "FAILED", "INTERNAL_SERVER_ERROR"],
    ["bad input, nothing released", { executed: true, errorCodes: ["BAD_USER_INPUT"], access: none, resultCount: 0 }, "INVALID", "BAD_USER_INPUT"],
    ["bad input in one field, others released", { executed: true, errorCodes: ["BAD_USER_INPUT"], access: none, resultCount: 2 }, "PARTIAL", "BAD_USER_INPUT"],
    ["a peer did not answer", { executed: true, errorCodes: ["PEER_UNAVAILABLE"], access: none, resultCount: 3 }, "PARTIAL", "PEER_UNAVAILABLE"],
    ["a field denied", { executed: true, errorCodes: [], access: denied, resultCount: 1 }, "PARTIAL", null],
    ["a field masked", { executed: true, errorCodes: [], access: masked, resultCount: 1 }, "MASKED", null],
    ["not found is an answer", { executed: true, errorCodes: ["NOT_FOUND"], access: none, resultCount: 0 }, "ALLOWED", "NOT_FOUND"],
    ["everything released", { executed: true, errorCodes: [], access: none, resultCount: 4 }, "ALLOWED", null],
  ])("%s", (_case, facts, outcome, errorCode) => {
    expect(classifyOutcome(facts)).toEqual({ outcome, errorCode });
  });
});

describe("countResults", () => {
  it("counts list elements, connection edges, objects, and nothing for null", () => {
    expect(countResults({ a: [1, null, 3], b: { edges: [{}, {}] }, c: { id: "x" }, d: null, e: "scalar" })).toBe(2 + 2 + 1 + 0 + 1);
    expect(countResults(null)).toBe(0);
    expect(countResults({ page: { nodes: [{}, {}, {}] } })).toBe(3);
  });
});
