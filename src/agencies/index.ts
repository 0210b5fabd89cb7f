// Agency registry door (机构名录): agencies with their kind, seat and jurisdiction; token `agency`
// claims are checked against it; the importer and seeders write it through storeAgency.
export { AGENCY_KINDS, AGENCY_KIND_NAMES, validateAgencyRecord, type AgencyKind, type AgencyRecord, type AgencyRecordCheck, type AgencyRecordProblem } from "./agencyRecord";
export { AgencyRegistry, storeAgency, type AgencyWrite } from "./agencyRegistry";
export { developmentAgencies, registerDevelopmentAgencies } from "./developmentAgencies";
