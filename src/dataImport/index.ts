// Bulk loading door (npm run import): households, verification results and agencies from an
// operator's .jsonl or .csv file, through the API's own validation and store code.
export { DEFAULT_BATCH_SIZE, runImport, reportFileFor, type ImportOptions, type ImportSummary } from "./importRun";
export { ImportFileError } from "./importFile";
export { IMPORT_KINDS, type ImportKindName } from "./importKinds";
