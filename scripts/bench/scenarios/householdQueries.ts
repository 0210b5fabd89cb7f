// The operations the bench sends and what a correct answer to each looks like.
import type { BodyCheck } from "../harness/loadRun";

const MEMBER_FIELDS = "id name idNumber gender birthDate relation";

/** S1: an officer's full household lookup (~2 KB): verification, household, members, incomes, assets. */
export const HOUSEHOLD_LOOKUP = `query HouseholdLookup($id: ID!) {
  householdVerification(id: $id) {
    id region areaCode program conclusion requestedOn completedOn reportNumber memberCount
    totalMonthlyIncomeFen perCapitaIncomeFen totalAssetsFen standardFen
    agency { id name region }
    household { id region areaCode residence address members { ${MEMBER_FIELDS} disabilityGrade seriousIllness student } }
    incomes { id memberId source monthlyAmountFen dataSource }
    assets { id memberId kind valueFen institution accountRef }
  }
}`;

/** Policy cost: what a caseworker may ask of one household (masks: idNumber, birthDate, address). */
export const CASEWORKER_LOOKUP = `query CaseworkerLookup($id: ID!) {
  householdVerification(id: $id) {
    id region areaCode program conclusion requestedOn completedOn reportNumber memberCount perCapitaIncomeFen standardFen
    agency { id name region }
    household { id region areaCode residence address members { ${MEMBER_FIELDS} student } }
  }
}`;

/**
 * S5: a Chongqing officer's lookup of a Sichuan household — only what the Sichuan node's
 * cross-region rule releases or masks (asking for more would add policy errors to every answer).
 */
export const CROSS_REGION_LOOKUP = `query CrossRegionLookup($id: ID!) {
  householdVerification(id: $id) {
    id region areaCode program conclusion requestedOn completedOn reportNumber memberCount totalMonthlyIncomeFen perCapitaIncomeFen standardFen
    agency { id name region }
    household { id region areaCode residence members { ${MEMBER_FIELDS} } }
  }
}`;

/**
 * Policy cost on a long list: a caseworker's page of verifications, a mask on every row's address.
 * Members are left out, as they were when this row's figures began (a page that asks for them
 * works: loaders split their batches at MAX_KEYS_PER_QUERY, test/integration/verificationQueries).
 */
export const CASEWORKER_PAGE = `query CaseworkerPage($first: Int!) {
  householdVerifications(filter: {}, first: $first) {
    edges { node { id region areaCode program conclusion perCapitaIncomeFen completedOn reportNumber memberCount household { id region areaCode residence address } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const requestBody = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });

interface Member {
  idNumber?: string | null;
  birthDate?: string | null;
}
interface HouseholdShape {
  address?: string | null;
  members?: Member[] | null;
}
interface VerificationShape {
  id?: string;
  household?: HouseholdShape | null;
  assets?: { accountRef?: string | null }[] | null;
}

/** A masked resident identity number: area code and last four kept. */
export const MASKED_ID = /^\d{6}\*{8}[\dX]{4}$/;

function householdProblem(household: HouseholdShape | null | undefined, masked: boolean): string | undefined {
  const members = household?.members;
  if (!members || members.length === 0) return "no household members in the answer";
  for (const member of members) {
    const idMasked = MASKED_ID.test(member.idNumber ?? "");
    if (idMasked !== masked) return `idNumber ${masked ? "not masked" : "masked"}: ${member.idNumber}`;
    if (masked && (member.birthDate ?? "").length !== 7) return `birthDate not masked to the month: ${member.birthDate}`;
  }
  if (masked && !household?.address?.endsWith("****")) return `address not masked: ${household?.address}`;
  return undefined;
}

/** One household in `data.householdVerification`, masked as a caseworker sees it or in full. */
export function lookupCheck(options: { masked: boolean; accountRefMasked?: boolean }): BodyCheck {
  return (body) => {
    const verification = (body.data as { householdVerification?: VerificationShape | null } | undefined)?.householdVerification;
    if (!verification?.id) return "no householdVerification in the answer";
    const problem = householdProblem(verification.household, options.masked);
    if (problem) return problem;
    if (options.accountRefMasked !== undefined) {
      const ref = verification.assets?.[0]?.accountRef ?? "";
      if (ref.startsWith("****") !== options.accountRefMasked) return `accountRef ${options.accountRefMasked ? "not masked" : "masked"}: ${ref}`;
    }
    return undefined;
  };
}

/** A page of exactly `size` verifications, every row's address masked or every row in full. */
export function pageCheck(size: number, masked: boolean): BodyCheck {
  return (body) => {
    const edges = (body.data as { householdVerifications?: { edges?: { node: VerificationShape }[] } } | undefined)?.householdVerifications?.edges;
    if (!edges || edges.length !== size) return `expected ${size} rows, got ${edges?.length ?? "none"}`;
    for (const edge of edges) {
      const address = edge.node.household?.address ?? "";
      if (address.endsWith("****") !== masked) return `${edge.node.id}: address ${masked ? "not masked" : "masked"}: ${address}`;
    }
    return undefined;
  };
}
