// Configuration door: environment → typed config (zod), in one place.
export { REGIONS, isRegion, otherRegion, regionTag, type Region } from "./region";
export {
  loadConfig,
  devIssuerFor,
  nodeIssuerFor,
  embeddedDatabaseUrl,
  embeddedNodeDatabaseUrls,
  GATEWAY_AUDIENCE,
  CONFIG_VARIABLES,
  DEFAULT_CASE_REF_FORMAT,
  type GatewayConfig,
  type TrustedIssuer,
  type PeerNode,
  type ConsoleConfig,
  type WebhookTarget,
} from "./gatewayConfig";
