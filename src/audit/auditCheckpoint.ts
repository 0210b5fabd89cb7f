import type { Region } from "../config";
import { sha256Hex } from "./auditRecord";
import { CHECKPOINT_TYP, signStatement, type NodeSigningKey } from "./auditSignature";

export type CheckpointKind = "GENESIS" | "PERIODIC" | "FINAL";

/** "Writer W's chain had head H at sequence S" — said by another writer's genesis checkpoint. */
export interface CheckpointWitness {
  writerId: string;
  sequence: number;
  headHash: string;
}

/**
 * What a checkpoint signs. `previousCheckpoint` (sha256 of the writer's previous checkpoint JWS)
 * links a writer's checkpoints so one cannot be removed unnoticed; `witnesses` (genesis only)
 * seal the heads of writers that ended without a FINAL checkpoint (crashed) or still run, so a
 * later truncation of their tails is detected.
 */
export interface CheckpointClaims {
  node: Region;
  writerId: string;
  sequence: number;
  headHash: string;
  kind: CheckpointKind;
  time: string;
  previousCheckpoint: string | null;
  witnesses: CheckpointWitness[];
}

/** A checkpoint row as stored in AuditCheckpoint. */
export interface CheckpointRow {
  node: string;
  writerId: string;
  sequence: number;
  headHash: string;
  kind: string;
  signedAt: Date;
  jws: string;
}

export async function signCheckpoint(claims: CheckpointClaims, signer: NodeSigningKey): Promise<CheckpointRow> {
  const jws = await signStatement(claims, signer, CHECKPOINT_TYP);
  return {
    node: claims.node,
    writerId: claims.writerId,
    sequence: claims.sequence,
    headHash: claims.headHash,
    kind: claims.kind,
    signedAt: new Date(claims.time),
    jws,
  };
}

/** The link a following checkpoint carries to this one. */
export function checkpointDigest(jws: string): string {
  return sha256Hex(jws);
}
