// Server door: the composition root of a node (HTTP, Apollo, plugins) and schema building.
export { startGatewayNode, type GatewayNode, type GatewayNodeOverrides } from "./gatewayNode";
export { buildGatewaySchema } from "./gatewaySchema";
export type { ReadinessCheck } from "./opsRoutes";
export { printGatewaySdl } from "./printedSdl";
export { forwardedRootFieldsOf, gatewayModules } from "./gatewayModules";
