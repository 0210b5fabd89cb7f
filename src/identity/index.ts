// Identity-number door: validation (GB 11643), the branded IdentityNumber type, and the
// composer synthetic data uses.
export { parseIdentityNumber } from "./identityNumberInRequest";
export {
  isIdentityNumber,
  birthDateOf,
  genderOf,
  checkCharacter,
  composeIdentityNumber,
  type IdentityNumber,
  type IdentityNumberProblem,
  type IdentityNumberResult,
} from "./identityNumber";
