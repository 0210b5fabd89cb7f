// Configuration door: environment → typed config (zod), in one place.
export { REGIONS, isRegion, otherRegion, regionTag, type Region } from "./region";
export {
  loadConfig,
  devIssuerFor,
  embeddedDatabaseUrl,
  embeddedNodeDatabaseUrls,
  GATEWAY_AUDIENCE,
  type GatewayConfig,
  type TrustedIssuer,
} from "./gatewayConfig";
