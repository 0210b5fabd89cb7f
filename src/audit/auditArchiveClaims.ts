/** One writer's archived span, as an archive seal and its manifests sign it. */
export interface ArchivedRange {
  writerId: string;
  fromSequence: number;
  toSequence: number;
  fromPreviousHash: string;
  toHash: string;
  entryCount: number;
}

/**
 * What an archive file's seal (and each AuditArchive manifest row) signs: the digest of the
 * file's content before the seal, the spans it holds, the retention cutoff, and the digest of
 * the node's previous archive file — so archive files form a hash-linked series too.
 */
export interface ArchiveClaims {
  node: string;
  fileName: string;
  fileSha256: string;
  cutoff: string;
  archivedAt: string;
  previousArchiveSha256: string | null;
  ranges: ArchivedRange[];
}
