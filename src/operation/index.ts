// Operation-shape door: fragment inlining and the one walk that lists an operation's fields
// with their types and response paths (shared by policy, limits and audit).
export { inlineFragments } from "./inlineFragments";
export { selectedFields, namedTypeOf, type SelectedField } from "./selectedFields";
export { selectionLookahead, type SelectionLookahead } from "./selectionLookahead";
