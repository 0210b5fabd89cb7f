// Synthetic demo data (issue 2 item 3, issue 6): seeded generators of people, households and
// agencies of both provinces. Nothing here is a real person; every random choice comes from a
// seed (pure-rand), so the same seed always gives the same rows.
export { SeededRandom, WeightedTable, RANDOM_STREAMS, type RandomStream } from "./seededRandom";
export { SURNAMES, drawSurname, drawGivenName, drawFullName, type Gender } from "./chineseNames";
export { identityAreaCode, isPre1997ChongqingCode, IdentityNumberIssuer, SEQUENCE_BLOCKS } from "./identityNumbers";
export { agenciesOf, type AgencyRow, type AgencyKind, type ProvinceAgencies } from "./agencies";
export { syntheticId, regionOfSyntheticId, type SyntheticKind } from "./syntheticIds";
export { drawDivision, registrationAreaCode, dialectOfArea, spokenPlaceName, DIALECT_CODES, type DialectCode } from "./homeAreas";
