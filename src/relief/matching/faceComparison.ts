import type { AttributeComparison } from "./attributeComparison";
import { round1 } from "./ageWindow";
import { bits, type MatchParameters } from "./matchParameters";
import type { MissingPersonProfile, ReliefRecordProfile } from "./matchProfile";
import { cosine, type PopulationStatistics } from "./populationStatistics";

// Face-photo embeddings, where both sides have one: cosine similarity in levels. u is the share of
// random pairs of embeddings in the engine that are that similar, so the weight follows whatever
// embedding model produced them.

export function faceLevel(similarity: number, parameters: MatchParameters): number {
  const levels = parameters.face.levels;
  for (let i = 0; i < levels.length; i++) if (similarity >= levels[i][1]) return i;
  return levels.length - 1;
}

export function faceU(level: number, stats: PopulationStatistics, parameters: MatchParameters): number {
  const levels = parameters.face.levels;
  const hi = level === 0 ? 2 : levels[level - 1][1];
  const lo = levels[level][1] === -Infinity ? -2 : levels[level][1];
  return stats.faceCosineShare(lo, hi);
}

export function compareFace(record: ReliefRecordProfile, report: MissingPersonProfile, stats: PopulationStatistics, parameters: MatchParameters, explain = true): AttributeComparison | null {
  if (!record.embedding || !report.embedding) return null;
  const similarity = cosine(record.embedding, report.embedding);
  const level = faceLevel(similarity, parameters);
  const [name, , m] = parameters.face.levels[level];
  const u = faceU(level, stats, parameters);
  return {
    attribute: "FACE",
    level: name,
    weight: bits(m, u, parameters.minimumU),
    m,
    u,
    difference: Math.round(similarity * 1000) / 1000,
    unit: "cosine",
    detail: explain ? `face-photo embeddings have cosine similarity ${round1(similarity * 100)}%` : "",
  };
}
