import { insertAgencies } from "../../fixtures/verificationFixtures";
import { openMigratedClient, type MigratedClient } from "../../support/testDatabase";
import { FamilySearchIndex } from "../../../src/relief/familySearchIndex";
import { missingPersonFacts, reliefRecordFacts } from "../../../src/relief/matchFacts";
import { FamilySearchEngine } from "../../../src/relief/matching/familySearchEngine";
import { familySearchRowsOf, generateFamilySearchDataset } from "../../../src/synthetic";

// Match parameters follow the data: the engine refits m in the background (in slices, swapped in
// by one assignment) and the index schedules it by volume; a search while a refit runs is scored
// with one parameter set, the one before the swap.

describe("refitting the match parameters in the background", () => {
  // Sichuan's node of a small labelled set: enough true pairs for both fit sessions to run.
  const rows = familySearchRowsOf(generateFamilySearchDataset({ seed: 20261207, reliefRecords: 2_500, reports: 2_500 }), "SICHUAN");
  const half = (n: number) => Math.floor(n / 2);

  /** An engine loaded with the first half (fitted on flush), the second half filed after. */
  function engineAfterFilings(): FamilySearchEngine {
    const engine = new FamilySearchEngine();
    rows.reliefRecords.slice(0, half(rows.reliefRecords.length)).forEach((r) => engine.addRecord(reliefRecordFacts(r)));
    rows.reports.slice(0, half(rows.reports.length)).forEach((r) => engine.addReport(missingPersonFacts(r)));
    engine.flush();
    rows.reliefRecords.slice(half(rows.reliefRecords.length)).forEach((r) => engine.addRecord(reliefRecordFacts(r)));
    rows.reports.slice(half(rows.reports.length)).forEach((r) => engine.addReport(missingPersonFacts(r)));
    return engine;
  }

  it("a search while the refit runs uses the parameters before the swap; after it, the refitted ones — the same fit as a blocking one", async () => {
    const engine = engineAfterFilings();
    expect(engine.parameterGeneration).toBe(1);
    const query = missingPersonFacts(rows.reports[rows.reports.length - 1]);
    const before = engine.searchRecords(query, 10);
    const oldScorer = engine.scorer;

    const refit = engine.refitParameters();
    await new Promise((resolve) => setImmediate(resolve));
    // Mid-refit: slices have run, the swap has not.
    expect(engine.scorer).toBe(oldScorer);
    const during = engine.searchRecords(query, 10);
    expect(during.map((m) => [m.recordId, m.score.matchWeight])).toEqual(before.map((m) => [m.recordId, m.score.matchWeight]));

    const fits = await refit;
    expect(fits.length).toBeGreaterThan(0);
    expect(engine.parameterGeneration).toBe(2);
    expect(engine.scorer).not.toBe(oldScorer);
    const after = engine.searchRecords(query, 10);
    // The same candidates weigh differently once the refitted parameters are in.
    expect(after.map((m) => m.score.matchWeight)).not.toEqual(before.map((m) => m.score.matchWeight));

    // Slicing changes when the work runs, not what it computes: a blocking fit of the same engine
    // agrees. (The same engine, not a second one built alike: the face index is approximate, and two
    // indexes built from the same rows can propose different face pairs, so their fits can differ.)
    const refitted = engine.scorer.parameters;
    expect(refitted).not.toEqual(oldScorer.parameters);
    engine.fitParameters();
    expect(engine.parameterGeneration).toBe(3);
    expect(engine.scorer.parameters).toEqual(refitted);
  }, 120_000);
});

describe("the index refits after N filings", () => {
  let db: MigratedClient;
  beforeAll(async () => {
    db = await openMigratedClient();
    await insertAgencies(db.prisma, "SICHUAN");
  });
  afterAll(() => db.dispose());

  const file = (n: number) =>
    db.prisma.reliefRecord.create({
      data: { id: `SC-RR-${String(n).padStart(8, "0")}`, region: "SICHUAN", stationId: "SC-AG-00000002", reportedName: `王${"伟芳敏强磊"[n % 5]}`, gender: "MALE", apparentAgeMin: 30 + n, apparentAgeMax: 40 + n, foundOn: "2025-05-01", foundAreaCode: "510106" },
    });

  it("refits once five rows arrived, not before, and reports it in its state", async () => {
    const index = new FamilySearchIndex(db.prisma, {}, 1_000, { afterRows: 5, intervalMs: 3_600_000 });
    await index.warmUp();
    const loaded = index.fitState();
    expect(loaded).toMatchObject({ rowsSinceFit: 0, refitting: false });
    expect(loaded.fittedAt).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 5)); // so a refit's time differs from the load's

    for (let n = 1; n <= 4; n++) await index.recordWritten(await file(n));
    expect(index.fitState()).toMatchObject({ rowsSinceFit: 4, refitting: false, fittedAt: loaded.fittedAt });

    await index.recordWritten(await file(5));
    expect(index.fitState().refitting).toBe(true);
    const deadline = Date.now() + 10_000;
    while (index.fitState().refitting && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    const refitted = index.fitState();
    expect(refitted.refitting).toBe(false);
    expect(refitted.rowsSinceFit).toBe(0);
    expect(refitted.fittedAt!.getTime()).toBeGreaterThan(loaded.fittedAt!.getTime());
    index.stop();
  });
});

describe("a node's warm-up builds its engine without holding the event loop", () => {
  const rows = familySearchRowsOf(generateFamilySearchDataset({ seed: 20261207, reliefRecords: 2_500, reports: 2_500 }), "SICHUAN");
  const loaded = () => {
    const engine = new FamilySearchEngine();
    rows.reliefRecords.forEach((r) => engine.addRecord(reliefRecordFacts(r)));
    rows.reports.forEach((r) => engine.addReport(missingPersonFacts(r)));
    return engine;
  };
  /** How many times a 1 ms timer fired while `work` ran. */
  const timerTicksDuring = async (work: () => Promise<void> | void) => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    try {
      await work();
    } finally {
      clearInterval(timer);
    }
    return ticks;
  };

  it("timers fire while the face graphs are built and m is fitted (never during the one-call flush), and the engine ends fitted as flush() leaves it", async () => {
    const blocking = loaded();
    expect(await timerTicksDuring(() => blocking.flush())).toBe(0);
    const background = loaded();
    const priors = background.scorer.parameters;
    expect(await timerTicksDuring(() => background.flushInBackground())).toBeGreaterThan(0);
    expect(background.parameterGeneration).toBe(blocking.parameterGeneration);
    expect(background.parameterGeneration).toBe(1);
    expect(background.scorer.parameters).not.toEqual(priors);
    const query = missingPersonFacts(rows.reports[0]);
    expect(background.searchRecords(query, 10).length).toBeGreaterThan(0);
  }, 120_000);
});
