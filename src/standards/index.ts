// Standards door: assistance standards as dated, sourced data (prisma/standards/), the pure lookup
// over them, and add-only seeding into the database.
export { STANDARD_CATEGORIES, SOURCE_CONFIDENCES, RESIDENCES, CHONGQING_MUNICIPAL_SCOPE, SICHUAN_FLOOR_SCOPE, type StandardCategory, type SourceConfidence, type Residence } from "./standardVocabulary";
export { loadStandardFiles, parseStandardFile, StandardsDataError, STANDARDS_DIR, type StandardRow } from "./standardFiles";
export { StandardsCatalogue, type StandardFigure } from "./standardsCatalogue";
export { standardAmountFen, mlgStandardFen, bundledStandards } from "./standardLookup";
export { seedAssistanceStandards, storedStandardRows, StandardHistoryConflict, type StandardsSeedResult } from "./standardsSeeding";
