// What every scenario receives from the bench run.
import type { CachedAuditLog } from "../dataset/auditLogCache";
import type { BenchWorkspace } from "../harness/benchWorkspace";
import type { RepetitionProfile } from "../harness/rotation";

export interface ScenarioContext {
  workspace: BenchWorkspace;
  profile: RepetitionProfile;
  quick: boolean;
  log: (line: string) => void;
  /** S4's generated audit log, when S4 is among the scenarios run. */
  auditLog?: CachedAuditLog;
}

/** Headers of a personal-data query: the officer's token, a purpose and a case reference. */
export function officerHeaders(token: string): Record<string, string> {
  return {
    "content-type": "application/json",
    authorization: `Bearer ${token}`,
    "x-purpose": "MLG_REVIEW",
    "x-case-ref": "BENCH-2025-0001",
  };
}
