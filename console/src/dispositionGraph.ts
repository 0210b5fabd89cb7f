// The gateway's own disposition state machine (src/relief/dispositionGraph.ts), bundled so the
// console offers only the steps the server allows from a record's state; the server decides.
export { allowedSteps, stateOf, type DispositionStep } from "../../src/relief/dispositionGraph";
