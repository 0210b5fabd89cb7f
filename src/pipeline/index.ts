// The governance pipeline: the written order of the stages every request passes (policy →
// budget → audit → peer → metrics) and the one Apollo plugin that runs them. The stages
// themselves live in their domain folders; this folder only orders and runs them.
export {
  createGovernancePipeline,
  GOVERNANCE_STAGES,
  type GovernancePipeline,
  type GovernancePipelineOptions,
  type GovernanceRecord,
  type GovernanceSlots,
  type GovernanceStageName,
  type GovernanceStages,
} from "./governancePipeline";
