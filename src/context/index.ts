// Shared vocabulary door: principal, roles, purposes, the request context and the shape of a
// domain module. Every domain may import this; it imports no domain.
export { ROLES, PURPOSES, isRole, isPurpose, type Role, type Purpose } from "./vocabulary";
export type { Principal } from "./principal";
export { perRequest, type RequestContext } from "./requestContext";
export {
  RegionEnum,
  RoleEnum,
  PurposeEnum,
  DateScalar,
  DateTimeScalar,
  ResidenceEnum,
  GenderEnum,
  IncomeSourceEnum,
  type Residence,
  type Gender,
  type IncomeSource,
} from "./graphqlVocabulary";
export type { DomainModule, ForwardRoute, PeerExchange, PeerExchangeResult, PeerStatistics, ResolverClass } from "./domainModule";
export { emptyAccessFacts, type AccessFacts, type AccessOutcome, type FieldDecisionRecord, type PeerHopRecord, type RowRuleRecord } from "./accessFacts";
export type { PeerLink, PeerFieldLink, PeerOutbox } from "./peerLink";
export { ROW_ENTITIES, rowScopeOf, outsideJurisdiction, refuseWhenOutside, lookupCondition, readWithinScope, type RowEntity, type RowScope } from "./rowScope";
export { EventChannel, NO_TOPICS_PUBSUB } from "./eventChannel";
export { stageAlone, type GovernanceStage, type EarlyRefusal, type EarlyAnswer } from "./governanceStage";
export { capturingSubjects, noteSubject, noteSubjectsIn, readingForNoOne, SUBJECT_FIELDS } from "./subjectCapture";
