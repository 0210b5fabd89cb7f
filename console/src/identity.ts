// The gateway's own GB 11643 validator (src/identity), bundled into the console so a wrong
// identity number gets a field message before any request; the server checks it again.
export { parseIdentityNumber, type IdentityNumberProblem } from "../../src/identity/identityNumber";
