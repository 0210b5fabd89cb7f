import type { GatewayInterface } from "@apollo/server-gateway-interface";
import type { GraphQLSchema } from "graphql";
import { gatewayExecutorOver, type OperationExecutor } from "./compiledExecution";

/**
 * Apollo Server's supported hook for owning execution is its gateway interface: the server still
 * parses, validates, runs every plugin hook (limits, policy, audit) and formats errors; only the
 * `execute` step is ours. Federation gateways use it the same way. Our "gateway" serves one
 * local schema, which never changes while the node runs.
 */
export function localExecutionGateway(schema: GraphQLSchema, executor: OperationExecutor): GatewayInterface {
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: "" });
      return () => undefined;
    },
    async load() {
      return { executor: gatewayExecutorOver(executor) };
    },
    async stop() {
      return undefined;
    },
  };
}
