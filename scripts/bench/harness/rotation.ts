// Noisy shared 2-core machines: targets are never measured one after the other in blocks, but
// in rounds that rotate their order (A B, B A, A B … for two), after a warm-up of each, and each
// figure is the median over the rounds.
import { runLoad, verifyTarget, type LoadFigures, type LoadShape, type LoadTarget } from "./loadRun";

export interface RepetitionProfile {
  repetitions: number;
  seconds: number;
  warmupSeconds: number;
}

export interface MeasuredTarget {
  label: string;
  runs: LoadFigures[];
  median: LoadFigures;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function medianFigures(runs: LoadFigures[]): LoadFigures {
  const perCpu = runs.map((r) => r.rpsPerCpuSecond).filter((v): v is number => v !== undefined);
  const alongside = runs.map((r) => r.alongsideRps).filter((v): v is number => v !== undefined);
  return {
    ...(perCpu.length === runs.length ? { rpsPerCpuSecond: median(perCpu) } : {}),
    ...(alongside.length === runs.length ? { alongsideRps: median(alongside) } : {}),
    rps: median(runs.map((r) => r.rps)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    responses: runs.reduce((sum, r) => sum + r.responses, 0),
    meanBytes: median(runs.map((r) => r.meanBytes)),
  };
}

function rotated<T>(items: T[], by: number): T[] {
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

export async function measureInRotation(
  targets: LoadTarget[],
  shape: Omit<LoadShape, "seconds">,
  profile: RepetitionProfile,
  log: (line: string) => void,
  options: { warmUp?: boolean; warmupSeconds?: number } = {},
): Promise<Record<string, MeasuredTarget>> {
  for (const target of targets) await verifyTarget(target);
  const warmupSeconds = options.warmupSeconds ?? profile.warmupSeconds;
  if (options.warmUp !== false) for (const target of targets) await runLoad(target, { ...shape, seconds: warmupSeconds });
  const runs = new Map<string, LoadFigures[]>(targets.map((t) => [t.label, []]));
  for (let round = 0; round < profile.repetitions; round++) {
    for (const target of rotated(targets, round)) {
      const figures = await runLoad(target, { ...shape, seconds: profile.seconds });
      runs.get(target.label)!.push(figures);
      const perCpu = `${figures.rpsPerCpuSecond ? `, ${figures.rpsPerCpuSecond.toFixed(0)} per CPU-s` : ""}${figures.alongsideRps !== undefined ? `, ${figures.alongsideRps.toFixed(1)} rps alongside` : ""}`;
      log(`    ${target.label.padEnd(28)} ${figures.rps.toFixed(0).padStart(6)} rps  p50 ${figures.p50Ms.toFixed(2)} ms  p99 ${figures.p99Ms.toFixed(2)} ms  (${figures.responses} responses, ${Math.round(figures.meanBytes)} B each${perCpu})`);
    }
  }
  for (const target of targets) await verifyTarget(target);
  return Object.fromEntries(targets.map((t) => [t.label, { label: t.label, runs: runs.get(t.label)!, median: medianFigures(runs.get(t.label)!) }]));
}
