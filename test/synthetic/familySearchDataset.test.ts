import { parseIdentityNumber } from "../../src/identity";
import { currentAreaCode, findAreaDivision, regionOfArea } from "../../src/areas";
import {
  agenciesOf,
  cosineSimilarity,
  embeddingFromBytes,
  EMBEDDING_DIMENSIONS,
  FAMILY_SEARCH_BLOCK,
  FEATURE_VOCABULARY,
  familySearchBlocks,
  familySearchRowsOf,
  generateFamilySearchDataset,
  type FamilySearchDataset,
} from "../../src/synthetic";

const today = new Date("2026-11-22T00:00:00Z");
const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;
function meanAndSd(values: number[]): { mean: number; sd: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, sd: Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length) };
}
const ageOn = (birth: string, on: string) => Number(on.slice(0, 4)) - Number(birth.slice(0, 4)) - (on.slice(5) < birth.slice(5) ? 1 : 0);

describe("family-search labelled data set", () => {
  // The 20k sample: 20,000 relief records and 20,000 reports.
  const data = generateFamilySearchDataset({ seed: 20261122, reliefRecords: 20_000, reports: 20_000 });
  const persons = new Map(data.persons.map((p) => [p.personKey, p]));
  const personOf = new Map(data.links.map((l) => [l.recordId, persons.get(l.personKey)!]));
  const reliefPersons = new Set(data.links.filter((l) => l.recordKind === "RELIEF_RECORD").map((l) => l.personKey));
  const share = <T>(items: T[], f: (item: T) => boolean) => items.filter(f).length / items.length;

  it("has the sizes asked for and one link per record and report", () => {
    expect(data.reliefRecords).toHaveLength(20_000);
    expect(data.reports).toHaveLength(20_000);
    expect(data.links).toHaveLength(40_000);
    expect(new Set(data.links.map((l) => `${l.recordKind}:${l.recordId}`)).size).toBe(40_000);
    expect(data.links.filter((l) => !persons.has(l.personKey))).toEqual([]);
  });

  it("is deterministic, and streaming blocks give exactly the whole", () => {
    // Embeddings compared as hex: jest's deep equality walks Buffers byte by byte.
    const comparable = (rows: Array<{ faceEmbedding: Buffer | null }>) => rows.map((r) => ({ ...r, faceEmbedding: r.faceEmbedding?.toString("hex") ?? null }));
    const small = { seed: 5, reliefRecords: 2_500, reports: 300 };
    const whole = generateFamilySearchDataset(small);
    const again = generateFamilySearchDataset(small);
    expect(comparable(again.reliefRecords)).toEqual(comparable(whole.reliefRecords));
    expect(comparable(again.reports)).toEqual(comparable(whole.reports));
    expect(again.links).toEqual(whole.links);
    const blocks = [...familySearchBlocks(small)];
    expect(blocks).toHaveLength(Math.ceil(2_500 / FAMILY_SEARCH_BLOCK));
    expect(comparable(blocks.flatMap((b) => b.reliefRecords))).toEqual(comparable(whole.reliefRecords));
    expect(comparable(blocks.flatMap((b) => b.reports))).toEqual(comparable(whole.reports));
    expect(generateFamilySearchDataset({ ...small, seed: 6 }).reports.map((r) => r.name)).not.toEqual(whole.reports.map((r) => r.name));
  });

  it("leaves half the reports with no true match in the relief records", () => {
    const unmatched = share(data.reports, (r) => !reliefPersons.has(personOf.get(r.id)!.personKey));
    expect(unmatched).toBeCloseTo(0.5, 2);
  });

  it("drops the name on ~30 % of relief records (±3 %) and the photo on ~40 %", () => {
    expect(Math.abs(share(data.reliefRecords, (r) => r.reportedName === null) - 0.3)).toBeLessThan(0.03);
    expect(Math.abs(share(data.reliefRecords, (r) => r.faceEmbedding === null) - 0.4)).toBeLessThan(0.03);
    expect(share(data.reports, (r) => r.faceEmbedding === null)).toBeLessThan(0.3);
  });

  it("keeps the noise kind of each relief name, with exact names the largest named group", () => {
    const kinds = new Map<string, number>();
    for (const n of data.nameNoise) kinds.set(n.kind, (kinds.get(n.kind) ?? 0) + 1);
    expect(data.nameNoise).toHaveLength(20_000);
    const named = 20_000 - (kinds.get("ABSENT") ?? 0);
    expect((kinds.get("EXACT") ?? 0) / named).toBeGreaterThan(0.4);
    for (const kind of ["HOMOPHONE", "DIALECT", "POLYPHONE", "PARTIAL", "NICKNAME"]) expect(kinds.get(kind) ?? 0).toBeGreaterThan(0);
    const kindOf = new Map(data.nameNoise.map((n) => [n.recordId, n.kind]));
    const wrong = data.reliefRecords.filter((r) => {
      const truth = personOf.get(r.id)!;
      const kind = kindOf.get(r.id);
      if (kind === "EXACT") return r.reportedName !== truth.surname + truth.givenName;
      if (kind === "ABSENT") return r.reportedName !== null || r.identityStatus !== "UNIDENTIFIED";
      return r.reportedName === null || r.reportedName === truth.surname + truth.givenName;
    });
    expect(wrong).toEqual([]);
  });

  it("estimates age as true + 0.25·(45 − true) + N(0, 6) within a ±5-year range", () => {
    expect(data.reliefRecords.filter((r) => r.apparentAgeMax - r.apparentAgeMin > 10 || r.apparentAgeMin < 0)).toEqual([]);
    const residuals = data.reliefRecords.map((r) => {
      const truth = ageOn(personOf.get(r.id)!.birthDate, r.foundOn);
      const centre = r.apparentAgeMin === 0 ? r.apparentAgeMax - 5 : (r.apparentAgeMin + r.apparentAgeMax) / 2;
      return centre - (truth + 0.25 * (45 - truth));
    });
    const { mean, sd } = meanAndSd(residuals);
    expect(Math.abs(mean)).toBeLessThan(0.25);
    expect(sd).toBeGreaterThan(5.5);
    expect(sd).toBeLessThan(6.6);
  });

  it("measures height with N(0, 3) cm error", () => {
    const { mean, sd } = meanAndSd(data.reliefRecords.map((r) => r.heightCm! - personOf.get(r.id)!.heightCm));
    expect(Math.abs(mean)).toBeLessThan(0.15);
    expect(sd).toBeGreaterThan(2.7);
    expect(sd).toBeLessThan(3.3);
  });

  it("finds matched people after a log-normal delay; a few percent are reported only after they were found", () => {
    const firstStay = new Map<string, string>();
    for (const r of data.reliefRecords) {
      const key = personOf.get(r.id)!.personKey;
      if (!firstStay.has(key) || r.foundOn < firstStay.get(key)!) firstStay.set(key, r.foundOn);
    }
    const matched = data.reports.filter((r) => firstStay.has(personOf.get(r.id)!.personKey));
    const delays = matched.map((r) => days(r.lastSeenOn, firstStay.get(personOf.get(r.id)!.personKey)!));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    const sorted = [...delays].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeGreaterThan(15);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(45);
    const late = share(matched, (r) => r.createdAt.toISOString().slice(0, 10) > firstStay.get(personOf.get(r.id)!.personKey)!);
    expect(late).toBeGreaterThan(0.01);
    expect(late).toBeLessThan(0.08);
  });

  it("finds people in their own county, elsewhere in their province, or in the other one", () => {
    const where = data.reliefRecords.map((r) => {
      const home = currentAreaCode(personOf.get(r.id)!.homeAreaCode);
      if (home === r.foundAreaCode) return "county";
      return regionOfArea(home) === regionOfArea(r.foundAreaCode) ? "province" : "other";
    });
    expect(share(where, (w) => w === "county")).toBeGreaterThan(0.3);
    expect(share(where, (w) => w === "province")).toBeGreaterThan(0.3);
    expect(share(where, (w) => w === "other")).toBeGreaterThan(0.2);
  });

  it("notes the accent right, wrong or not at all", () => {
    const right = share(data.reliefRecords, (r) => r.dialect === personOf.get(r.id)!.dialect);
    const missing = share(data.reliefRecords, (r) => r.dialect === null);
    expect(right).toBeGreaterThan(0.5);
    expect(missing).toBeGreaterThan(0.25);
    expect(1 - right - missing).toBeGreaterThan(0.1);
    expect(new Set(data.reliefRecords.map((r) => r.dialect))).toEqual(new Set([null, "chongqing", "chengdu", "nanchong", "mandarin", "other"]));
  });

  it("stores 128-d little-endian float32 unit embeddings: same person ≈ 0.75–0.95, strangers ≈ 0", () => {
    const withPhoto = (rows: Array<{ id: string; faceEmbedding: Buffer | null }>) => rows.filter((r) => r.faceEmbedding !== null);
    const reliefByPerson = new Map<string, Float32Array>();
    for (const r of withPhoto(data.reliefRecords)) reliefByPerson.set(personOf.get(r.id)!.personKey, embeddingFromBytes(r.faceEmbedding!));
    const same: number[] = [];
    const strangers: number[] = [];
    const reliefVectors = [...reliefByPerson.values()];
    const reportsWithPhoto = withPhoto(data.reports);
    expect(reportsWithPhoto.filter((r) => r.faceEmbedding!.byteLength !== EMBEDDING_DIMENSIONS * 4)).toEqual([]);
    for (const [i, report] of reportsWithPhoto.entries()) {
      const vector = embeddingFromBytes(report.faceEmbedding!);
      if (i < 100) expect(cosineSimilarity(vector, vector)).toBeCloseTo(1, 5);
      const mine = reliefByPerson.get(personOf.get(report.id)!.personKey);
      if (mine) same.push(cosineSimilarity(vector, mine));
      strangers.push(cosineSimilarity(vector, reliefVectors[(i * 7919) % reliefVectors.length]));
    }
    same.sort((a, b) => a - b);
    const at = (xs: number[], q: number) => xs[Math.floor(q * (xs.length - 1))];
    expect(at(same, 0.1)).toBeGreaterThan(0.75);
    expect(at(same, 0.9)).toBeLessThan(0.95);
    const strangerMean = strangers.reduce((a, b) => a + b, 0) / strangers.length;
    expect(Math.abs(strangerMean)).toBeLessThan(0.02);
    expect(Math.max(...strangers.slice(0, 2000))).toBeLessThan(0.5);
  });

  it("writes normalised feature tokens from the vocabulary and real identity numbers", () => {
    const vocabulary = new Set<string>(Object.values(FEATURE_VOCABULARY).flat());
    const rows = [...data.reliefRecords, ...data.reports];
    expect(rows.flatMap((row) => (row.features === "" ? [] : row.features.split("|"))).filter((t) => !vocabulary.has(t))).toEqual([]);
    expect(rows.filter((row) => row.idNumber !== null && row.idNumber !== personOf.get(row.id)!.idNumber)).toEqual([]);
    expect(data.persons.filter((p) => !parseIdentityNumber(p.idNumber, today).ok)).toEqual([]);
    expect(new Set(data.persons.map((p) => p.idNumber)).size).toBe(data.persons.length);
    expect(data.reliefRecords.some((r) => r.features.includes("tattoo:"))).toBe(true);
  });

  it("ages people by profile: relief adults mostly 30–80 with some minors; reports about the elderly, disabled and runaway minors", () => {
    const reliefAges = data.reliefRecords.map((r) => ageOn(personOf.get(r.id)!.birthDate, r.foundOn));
    expect(share(reliefAges, (a) => a >= 30 && a <= 80)).toBeGreaterThan(0.6);
    expect(share(reliefAges, (a) => a < 18)).toBeGreaterThan(0.02);
    const profiles = new Set(data.reports.map((r) => personOf.get(r.id)!.profile));
    for (const p of ["DEMENTIA_ELDERLY", "INTELLECTUAL_DISABILITY", "RUNAWAY_MINOR"]) expect(profiles.has(p as never)).toBe(true);
  });

  it("files each row with an agency of its own province and keeps ids region-tagged", () => {
    const agencyKind = new Map([...agenciesOf("CHONGQING").all, ...agenciesOf("SICHUAN").all].map((a) => [a.id, `${a.region}:${a.kind}`]));
    const misfiled = data.reliefRecords.filter(
      (r) =>
        !r.id.startsWith(r.region === "CHONGQING" ? "CQ-RR-" : "SC-RR-") ||
        regionOfArea(r.foundAreaCode) !== r.region ||
        agencyKind.get(r.stationId) !== `${r.region}:RELIEF_STATION`,
    );
    expect(misfiled).toEqual([]);
    expect(data.reports.filter((r) => agencyKind.get(r.agencyId) !== `${r.region}:POLICE` || !findAreaDivision(r.homeAreaCode))).toEqual([]);
  });

  it("splits into what each province's node holds, losing nothing", () => {
    const parts = (["CHONGQING", "SICHUAN"] as const).map((region) => familySearchRowsOf(data as FamilySearchDataset, region));
    expect(parts[0].reliefRecords.length + parts[1].reliefRecords.length).toBe(20_000);
    expect(parts[0].reports.length + parts[1].reports.length).toBe(20_000);
    expect(parts[0].links.length + parts[1].links.length).toBe(40_000);
    expect(parts[0].links.filter((l) => !l.recordId.startsWith("CQ-"))).toEqual([]);
  });
});
