import type { MissingPersonFacts, ReliefRecordFacts } from "../../../src/relief/matching/matchProfile";

// Hand-made relief records and reports for the engine's unit tests.

let sequence = 0;

export function recordFacts(overrides: Partial<ReliefRecordFacts> = {}): ReliefRecordFacts {
  sequence += 1;
  return {
    id: `CQ-RR-${String(sequence).padStart(8, "0")}`,
    region: "CHONGQING",
    reportedName: null,
    gender: "MALE",
    apparentAgeMin: 40,
    apparentAgeMax: 50,
    heightCm: null,
    features: [],
    dialect: null,
    placeNamesSpoken: [],
    foundOn: "2024-07-02",
    foundAreaCode: "500103",
    dnaSampleRef: null,
    faceEmbedding: null,
    ...overrides,
  };
}

export function reportFacts(overrides: Partial<MissingPersonFacts> = {}): MissingPersonFacts {
  sequence += 1;
  return {
    id: `SC-MP-${String(sequence).padStart(8, "0")}`,
    region: "SICHUAN",
    name: "张小明",
    aliases: [],
    gender: "MALE",
    birthDate: "1979-07-02",
    birthYear: 1979,
    heightCm: null,
    features: [],
    dialect: null,
    homeAreaCode: null,
    lastSeenOn: "2024-06-01",
    lastSeenAreaCode: "500103",
    faceEmbedding: null,
    ...overrides,
  };
}
