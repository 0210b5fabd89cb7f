// Synthetic demo data (issue 2 item 3, issue 6): seeded generators of people, households and
// agencies of both provinces. Nothing here is a real person; every random choice comes from a
// seed (pure-rand), so the same seed always gives the same rows.
export { SeededRandom, WeightedTable, RANDOM_STREAMS, type RandomStream } from "./seededRandom";
export { SURNAMES, drawSurname, drawGivenName, drawFullName, type Gender } from "./chineseNames";
export { identityAreaCode, isPre1997ChongqingCode, IdentityNumberIssuer, SEQUENCE_BLOCKS } from "./identityNumbers";
export { agenciesOf, type AgencyRow, type AgencyKind, type ProvinceAgencies } from "./agencies";
export { syntheticId, regionOfSyntheticId, type SyntheticKind } from "./syntheticIds";
export { drawDivision, registrationAreaCode, dialectOfArea, spokenPlaceName, DIALECT_CODES, type DialectCode } from "./homeAreas";
export {
  householdBatches,
  generateHouseholds,
  HOUSEHOLDS_DEFAULT_AS_OF,
  type HouseholdOptions,
  type HouseholdBatch,
  type HouseholdRow,
  type HouseholdMemberRow,
  type HouseholdRelation,
  type HouseholdVerificationRow,
  type VerificationProgram,
  type IncomeItemRow,
  type IncomeSource,
  type AssetItemRow,
  type AssetKind,
} from "./households";
export {
  verificationConclusion,
  assetLimitFen,
  perCapitaIncomeFen,
  ASSET_LIMIT_MONTHS,
  type VerificationConclusion,
  type ConclusionFacts,
  type MonthlyStandardFen,
  type Residence,
} from "./verificationConclusion";
export { publishedMlgStandardFen } from "./publishedStandards";
export {
  generateFamilySearchDataset,
  familySearchBlocks,
  familySearchRowsOf,
  FAMILY_SEARCH_BLOCK,
  FAMILY_SEARCH_DEFAULT_AS_OF,
  FAMILY_SEARCH_NOISE,
  type FamilySearchOptions,
  type FamilySearchDataset,
  type SyntheticPerson,
  type PersonProfile,
  type ReliefRecordRow,
  type MissingPersonReportRow,
  type SyntheticPersonLinkRow,
  type RecordKind,
} from "./familySearchDataset";
export {
  noiseName,
  nicknamesOf,
  homophoneAt,
  dialectReplacementAt,
  dialectVariants,
  misreadSurname,
  readingInName,
  SURNAME_MISREADINGS,
  NAME_NOISE_SHARES,
  type NameNoiseKind,
  type NoisedName,
  type DialectMerger,
} from "./nameNoise";
export { EMBEDDING_DIMENSIONS, trueFaceEmbedding, photoEmbedding, embeddingToBytes, embeddingFromBytes, cosineSimilarity } from "./faceEmbedding";
export { FEATURE_VOCABULARY, drawTrueFeatures, observeFeatures } from "./distinctiveFeatures";
export { seedDemoData, seedFamilySearchSides, isDatabaseEmpty, resetDemoData, DEMO_SEED_DEFAULTS, type SeedOptions, type SeedSummary, type SeededTable, type FamilySearchSidesOptions } from "./demoSeeding";
export { consoleProgress, silentProgress, type SeedProgress } from "./seedProgress";
