// Operation-shape door: the one analysis of an operation (fragments inlined once, its fields,
// measure and cost, forwarding split), cached per query hash and operation name, and the
// look-ahead resolvers read. Shared by limits, policy, forwarding and the audit.
export { inlineFragments, inlineSelectionSet, type FragmentsByName } from "./inlineFragments";
export { selectedFields, namedTypeOf, type SelectedField } from "./selectedFields";
export { selectionLookahead, type SelectionLookahead } from "./selectionLookahead";
export { measureOperation, type OperationMeasure } from "./operationMeasure";
export { operationCost } from "./operationCost";
export {
  createOperationAnalyzer,
  type ForwardedRootField,
  type OperationAnalysis,
  type OperationAnalyzer,
  type OperationAnalyzerOptions,
} from "./operationAnalysis";
