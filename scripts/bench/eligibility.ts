// `node dist/scripts/bench/eligibility.js` — assessments per second of the eligibility engine,
// in-process on one core (target ≥ 50,000/s). Median of several bounded runs over a fixed,
// seeded mix of households, areas in both provinces and dates across the standards' history.
// The GraphQL-path figure comes from the shared HTTP bench once the server exists.
import { Command } from "commander";
import { bundledEligibilityEngine, type EligibilityRequest } from "../../src/standards";

// A seeded 32-bit generator (mulberry32): pure-rand is ESM-only and this script is compiled to
// CommonJS; a few lines keep the household mix identical from run to run.
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AREAS = ["500103", "500105", "500229", "510104", "510185", "510502", "511702", "510903"];
const DATES = ["2024-01-15", "2024-09-01", "2025-06-30", "2025-08-01", "2026-02-01"];
const SOURCES = ["WAGES", "PENSION", "FARMING", "BUSINESS", "TRANSFER"] as const;
const SELF_CARE = [undefined, "SELF_CARING", "PARTLY_DEPENDENT", "FULLY_DEPENDENT"] as const;

function households(count: number, seed: number): EligibilityRequest[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  return Array.from({ length: count }, () => {
    const size = 1 + Math.floor(random() * 5);
    const members = Array.from({ length: size }, () => ({
      birthDate: `${1935 + Math.floor(random() * 85)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
      disabilityGrade: random() < 0.15 ? 1 + Math.floor(random() * 4) : null,
      seriousIllness: random() < 0.1,
      selfCare: pick(SELF_CARE) ?? null,
      student: random() < 0.15,
    }));
    const incomes = random() < 0.15 ? [] : Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({ memberIndex: random() < 0.8 ? Math.floor(random() * size) : null, source: pick(SOURCES), monthlyAmountFen: Math.floor(random() * 120_000 * size) }));
    return {
      areaCode: pick(AREAS),
      on: pick(DATES),
      residence: random() < 0.5 ? "URBAN" : "RURAL",
      members,
      incomes,
      financialAssetsFen: random() < 0.5 ? Math.floor(random() * 5_000_000) : null,
      emergency: random() < 0.2 ? { kind: "MEDICAL", expenseFen: Math.floor(random() * 1_000_000) } : null,
      currentlyReceivingMlg: random() < 0.3,
    } satisfies EligibilityRequest;
  });
}

function main(): void {
  const options = new Command()
    .option("--runs <n>", "timed runs (median reported)", "5")
    .option("--seconds <s>", "length of each run", "1.5")
    .option("--households <n>", "distinct households in the mix", "2000")
    .parse()
    .opts<{ runs: string; seconds: string; households: string }>();
  const runs = Math.max(3, Number(options.runs));
  const budgetNs = BigInt(Math.round(Number(options.seconds) * 1e9));
  const engine = bundledEligibilityEngine();
  const mix = households(Number(options.households), 20251122);

  // Warm-up: JIT and the catalogue's per-area timelines, outside the timed runs.
  let sink = 0;
  for (let i = 0; i < 20_000; i++) sink += engine.assess(mix[i % mix.length]!).perCapitaIncomeFen;

  const rates: number[] = [];
  for (let run = 0; run < runs; run++) {
    let count = 0;
    const start = process.hrtime.bigint();
    let elapsed = 0n;
    while (elapsed < budgetNs) {
      for (let i = 0; i < 1000; i++, count++) sink += engine.assess(mix[count % mix.length]!).outcomes.length;
      elapsed = process.hrtime.bigint() - start;
    }
    rates.push(count / (Number(elapsed) / 1e9));
  }
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)]!;
  const format = (r: number) => Math.round(r).toLocaleString("en-US");
  console.log(`eligibility engine, in-process, one core: ${format(median)} assessments/s (median of ${runs} runs of ${options.seconds}s; runs ${rates.map(format).join(", ")}; ${mix.length} households, ${AREAS.length} areas, ${DATES.length} dates)`);
  console.log(`target ≥ 50,000/s: ${median >= 50_000 ? "met" : "NOT met"} (x${(median / 50_000).toFixed(2)})${sink < 0 ? "" : ""}`);
}

main();
