// Configuration door: environment → typed config (zod), in one place.
export { REGIONS, isRegion, otherRegion, regionTag, type Region } from "./region";
export {
  loadConfig,
  devIssuerFor,
  nodeIssuerFor,
  embeddedDatabaseUrl,
  embeddedNodeDatabaseUrls,
  GATEWAY_AUDIENCE,
  type GatewayConfig,
  type TrustedIssuer,
  type PeerNode,
  type WebhookTarget,
} from "./gatewayConfig";
