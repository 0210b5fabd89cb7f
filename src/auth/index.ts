// Authentication door: officer-token verification (jose, trusted issuers per region, LRU cache),
// the node's and dev issuers' signing keys, and the dev token minter.
export { createTokenVerifier, AuthenticationFailure, type TokenVerifier, type TokenVerifierOptions } from "./tokenVerifier";
export {
  ensureSigningKey,
  readPublicJwks,
  publicJwksPath,
  devIssuerKeyName,
  nodeKeyName,
  ensureDevSecret,
  SIGNING_ALGORITHM,
  type SigningKey,
  type PublicJwks,
} from "./signingKeys";
export { signCompactJws } from "./compactJws";
export { mintDevToken, type DevTokenRequest } from "./devTokenMinter";
export { createAuthModule, PrincipalType } from "./meResolver";
