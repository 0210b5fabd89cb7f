import type { Region } from "../config";
import type { Role } from "./vocabulary";

/** The authenticated caller, from a verified officer token (or a peer's on-behalf-of token). */
export interface Principal {
  /** Officer id (`sub`). */
  sub: string;
  agency: string;
  region: Region;
  roles: readonly Role[];
  issuer: string;
  /** Set when a peer node forwarded the request on this officer's behalf. */
  forwardedBy?: { node: Region; tokenId: string; homeRequestId: string };
}
