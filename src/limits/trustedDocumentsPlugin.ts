import crypto from "node:crypto";
import fs from "node:fs";
import type { ApolloServerPlugin } from "@apollo/server";
import { z } from "zod";
import type { RequestContext } from "../context";
import { gatewayError } from "../errors";

/** The manifest: operation documents an agency has reviewed, by sha256 of their exact text. */
const manifestSchema = z.object({
  format: z.literal("assist-gateway-trusted-documents/1"),
  documents: z.record(z.string().regex(/^[0-9a-f]{64}$/), z.string()),
});

export function loadTrustedDocuments(file: string): Set<string> {
  const manifest = manifestSchema.parse(JSON.parse(fs.readFileSync(file, "utf8")));
  for (const [hash, text] of Object.entries(manifest.documents)) {
    const actual = crypto.createHash("sha256").update(text).digest("hex");
    if (actual !== hash) throw new Error(`${file}: document ${hash.slice(0, 12)}… does not hash to its key`);
  }
  return new Set(Object.keys(manifest.documents));
}

/**
 * Trusted-documents mode: only operations whose exact text is in the manifest run; anything else
 * is PERSISTED_QUERY_REQUIRED and never executes.
 */
export function trustedDocumentsPlugin(allowed: Set<string>): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, source }) {
          const text = source ?? request.query ?? "";
          const hash = crypto.createHash("sha256").update(text).digest("hex");
          if (!allowed.has(hash)) {
            throw gatewayError("PERSISTED_QUERY_REQUIRED", "this gateway only runs reviewed operations; send one from the trusted-documents manifest", { documentHash: hash });
          }
        },
      };
    },
  };
}
