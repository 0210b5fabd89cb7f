export { createOperationExecutor, type ExecutionEngineName, type ExecutionRequest, type OperationExecutor } from "./compiledExecution";
export { localExecutionGateway } from "./executionGateway";
