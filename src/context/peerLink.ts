import type { GraphQLFormattedError } from "graphql";
import type { Region } from "../config";
import type { RequestContext } from "./requestContext";

/**
 * What a domain may ask of the other province's node: run one operation there as the current
 * caller (service token, the peer's own policy and audit). Implemented by src/peers and injected
 * at composition, so a domain never reaches into the peers folder.
 */
export interface PeerLink {
  ask(region: Region, operation: { query: string; variables: Record<string, unknown> }, context: RequestContext): Promise<{ data: Record<string, unknown> | null; errors: GraphQLFormattedError[] }>;
}
