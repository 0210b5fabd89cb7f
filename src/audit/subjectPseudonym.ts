import { createHmac } from "node:crypto";

/**
 * Keyed HMAC-SHA256 of an identity number: lets a compliance officer ask "who looked at this
 * person" without the log holding raw identity numbers. The key is configuration, never stored
 * in the database; whoever holds the database alone cannot test guesses against it (identity
 * numbers have too little entropy for a plain hash to hide them).
 */
export class SubjectPseudonymizer {
  readonly #key: Buffer;

  constructor(key: string | Buffer) {
    const bytes = typeof key === "string" ? Buffer.from(key, "utf8") : key;
    // NIST SP 800-107: an HMAC key should carry at least as many bits as the security level.
    if (bytes.length < 32) throw new Error("audit subject HMAC key must be at least 32 bytes");
    this.#key = Buffer.from(bytes);
  }

  /** Identity numbers are compared in their normal form: trimmed, check character upper-case. */
  hmacOf(identityNumber: string): string {
    return createHmac("sha256", this.#key).update(identityNumber.trim().toUpperCase()).digest("hex");
  }

  /** Distinct HMACs, sorted so the stored array does not reveal the order of access. */
  hmacsOf(identityNumbers: Iterable<string>): string[] {
    const hmacs = new Set<string>();
    for (const id of identityNumbers) if (id.trim().length > 0) hmacs.add(this.hmacOf(id));
    return [...hmacs].sort();
  }
}
