// Operation limits door: depth, aliases, root fields, cost, size and tokens (QUERY_TOO_COMPLEX),
// and the trusted-documents mode (PERSISTED_QUERY_REQUIRED). The measure and the cost it checks
// are the operation's analysis (src/operation), worked out once per distinct operation.
export { operationLimitsPlugin, DEFAULT_OPERATION_LIMITS, type OperationLimits } from "./operationLimitsPlugin";
export { trustedDocumentsPlugin, loadTrustedDocuments, type TrustedDocuments } from "./trustedDocumentsPlugin";
