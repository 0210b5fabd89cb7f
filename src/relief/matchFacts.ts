import { embeddingFromBytes, type MissingPersonFacts, type ReliefRecordFacts } from "./matching/matchProfile";
import { splitTokens } from "./reliefVocabulary";

// Stored rows (Prisma's, or the synthetic generator's, which share the columns) → what the
// matching engine reads. Feature lists are "|"-joined tokens; embeddings little-endian float32.

export interface StoredReliefRecord {
  id: string;
  region: string;
  reportedName: string | null;
  gender: "MALE" | "FEMALE";
  apparentAgeMin: number;
  apparentAgeMax: number;
  heightCm: number | null;
  features: string;
  dialect: string | null;
  placeNamesSpoken: string;
  foundOn: string;
  foundAreaCode: string;
  dnaSampleRef: string | null;
  faceEmbedding: Uint8Array | null;
  idNumber: string | null;
  mentalState?: string | null;
  intellect?: string | null;
}

export interface StoredMissingPersonReport {
  id: string;
  region: string;
  name: string;
  aliases: string;
  gender: "MALE" | "FEMALE";
  birthDate: string | null;
  birthYear: number;
  heightCm: number | null;
  features: string;
  dialect: string | null;
  homeAreaCode: string;
  lastSeenOn: string;
  lastSeenAreaCode: string;
  faceEmbedding: Uint8Array | null;
  idNumber: string | null;
}

export function reliefRecordFacts(row: StoredReliefRecord): ReliefRecordFacts {
  return {
    id: row.id,
    region: row.region,
    reportedName: row.reportedName,
    gender: row.gender,
    apparentAgeMin: row.apparentAgeMin,
    apparentAgeMax: row.apparentAgeMax,
    heightCm: row.heightCm,
    features: splitTokens(row.features),
    dialect: row.dialect,
    placeNamesSpoken: splitTokens(row.placeNamesSpoken),
    foundOn: row.foundOn,
    foundAreaCode: row.foundAreaCode,
    dnaSampleRef: row.dnaSampleRef,
    faceEmbedding: embeddingFromBytes(row.faceEmbedding),
    idNumber: row.idNumber,
    mentalState: row.mentalState ?? null,
    intellect: row.intellect ?? null,
  };
}

export function missingPersonFacts(row: StoredMissingPersonReport): MissingPersonFacts {
  return {
    id: row.id,
    region: row.region,
    name: row.name,
    aliases: splitTokens(row.aliases),
    gender: row.gender,
    birthDate: row.birthDate,
    birthYear: row.birthYear,
    heightCm: row.heightCm,
    features: splitTokens(row.features),
    dialect: row.dialect,
    homeAreaCode: row.homeAreaCode,
    lastSeenOn: row.lastSeenOn,
    lastSeenAreaCode: row.lastSeenAreaCode,
    faceEmbedding: embeddingFromBytes(row.faceEmbedding),
    idNumber: row.idNumber,
  };
}
