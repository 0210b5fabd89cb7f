// Operation limits door: depth, aliases, root fields, cost, size and tokens (QUERY_TOO_COMPLEX),
// and the trusted-documents mode (PERSISTED_QUERY_REQUIRED).
export { operationLimitsPlugin, DEFAULT_OPERATION_LIMITS, type OperationLimits } from "./operationLimitsPlugin";
export { measureOperation, type OperationMeasure } from "./operationMeasure";
export { operationCost } from "./operationCost";
export { trustedDocumentsPlugin, loadTrustedDocuments, type TrustedDocuments } from "./trustedDocumentsPlugin";
