// The gateway's own GB/T 2260 division list (src/areas), bundled so a form can tell an unknown
// area code before any request; the server checks it again.
export { isKnownAreaCode, findAreaDivision } from "../../src/areas/areaRegistry";
