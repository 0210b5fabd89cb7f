import crypto from "node:crypto";
import fs from "node:fs";
import type { ApolloServerPlugin, GraphQLRequest } from "@apollo/server";
import { z } from "zod";
import type { RequestContext } from "../context";
import { gatewayError } from "../errors";

/**
 * A manifest of operation documents an agency has reviewed. Three formats are read:
 * - the gateway's own: `{ "format": "assist-gateway-trusted-documents/1", "documents": { sha256: text } }`;
 * - GraphQL Codegen's client preset (`persisted-documents.json`): `{ "<hash>": "<text>" }`;
 * - Apollo's generator (`@apollo/generate-persisted-query-manifest`):
 *   `{ "format": "apollo-persisted-query-manifest", "version": 1, "operations": [{ id, name, type, body }] }`.
 */
const gatewayManifest = z.object({
  format: z.literal("assist-gateway-trusted-documents/1"),
  documents: z.record(z.string().min(1), z.string().min(1)),
});
const apolloManifest = z.object({
  format: z.literal("apollo-persisted-query-manifest"),
  version: z.literal(1),
  operations: z.array(z.object({ id: z.string().min(1), name: z.string().optional(), type: z.string().optional(), body: z.string().min(1) })),
});
const codegenManifest = z.record(z.string().min(1), z.string().min(1));

/** The reviewed documents by id, and the sha256 of every text (a request may send the text itself). */
export interface TrustedDocuments {
  byId: ReadonlyMap<string, string>;
  textHashes: ReadonlySet<string>;
}

const sha256 = (text: string) => crypto.createHash("sha256").update(text).digest("hex");
const sha1 = (text: string) => crypto.createHash("sha1").update(text).digest("hex");

function manifestEntries(manifest: unknown): Array<[string, string]> {
  const apollo = apolloManifest.safeParse(manifest);
  if (apollo.success) return apollo.data.operations.map((op) => [op.id, op.body]);
  const own = gatewayManifest.safeParse(manifest);
  if (own.success) return Object.entries(own.data.documents);
  const isOtherFormat = typeof manifest === "object" && manifest !== null && "format" in manifest;
  const codegen = codegenManifest.safeParse(manifest);
  if (codegen.success && !isOtherFormat) return Object.entries(codegen.data);
  throw new Error("not a trusted-documents manifest (assist-gateway-trusted-documents/1, GraphQL Codegen persisted-documents.json or apollo-persisted-query-manifest version 1)");
}

/**
 * An id that looks like a sha256 (64 hex) or sha1 (40 hex, Codegen's other choice) must be the hash
 * of its text: a manifest whose ids were edited by hand is refused at start rather than trusted.
 * Other ids (a generator configured with its own id function) are taken as the manifest says.
 */
function checkId(file: string, id: string, text: string): void {
  const expected = /^[0-9a-f]{64}$/.test(id) ? sha256(text) : /^[0-9a-f]{40}$/.test(id) ? sha1(text) : undefined;
  if (expected !== undefined && expected !== id) throw new Error(`${file}: document ${id.slice(0, 12)}… does not hash to its id`);
}

export function loadTrustedDocuments(file: string): TrustedDocuments {
  const entries = manifestEntries(JSON.parse(fs.readFileSync(file, "utf8")));
  if (entries.length === 0) throw new Error(`${file}: the manifest lists no documents`);
  const byId = new Map<string, string>();
  for (const [id, text] of entries) {
    checkId(file, id, text);
    byId.set(id, text);
  }
  return { byId, textHashes: new Set([...byId.values()].map(sha256)) };
}

/**
 * The id a request names instead of sending text: Apollo's `extensions.persistedQuery.sha256Hash`
 * (what APQ and Apollo Client's persisted-queries link send) or the GraphQL-over-HTTP
 * `documentId` (optionally prefixed `sha256:`), which Apollo leaves in the HTTP body.
 */
function requestedDocumentId(request: GraphQLRequest): string | undefined {
  const persisted = request.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
  if (typeof persisted?.sha256Hash === "string") return persisted.sha256Hash;
  const body = request.http?.body as { documentId?: unknown } | undefined;
  if (typeof body?.documentId === "string") return body.documentId.replace(/^sha256:/, "");
  return undefined;
}

/**
 * Stands in for the text of an id that is not in the manifest. Apollo needs some text to reach
 * didResolveOperation, where the refusal is made like every other one — audited, with the
 * contract's code — and this operation never executes.
 */
const UNKNOWN_DOCUMENT = "query TrustedDocumentNotFound { __typename }";

/**
 * Trusted-documents mode: only operations from the manifest run, sent as text or by id; anything
 * else is PERSISTED_QUERY_REQUIRED and never executes.
 */
export function trustedDocumentsPlugin(documents: TrustedDocuments): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ request }) {
      // Resolve an id to its reviewed text before Apollo reads the request. The APQ extension is
      // removed: with automatic persisted queries off, Apollo would refuse it before any check.
      const documentId = requestedDocumentId(request);
      let unknownId: string | undefined;
      if (documentId !== undefined) {
        if (request.extensions?.persistedQuery) {
          const { persistedQuery: _apq, ...rest } = request.extensions;
          request.extensions = rest;
        }
        if (request.query === undefined) {
          const text = documents.byId.get(documentId);
          if (text === undefined) unknownId = documentId;
          request.query = text ?? UNKNOWN_DOCUMENT;
        }
      }
      return {
        async didResolveOperation({ request: resolved, source }) {
          if (unknownId !== undefined) {
            throw gatewayError("PERSISTED_QUERY_REQUIRED", "no reviewed operation has this id; send one from the trusted-documents manifest", { documentId: unknownId });
          }
          const hash = sha256(source ?? resolved.query ?? "");
          if (!documents.textHashes.has(hash)) {
            throw gatewayError("PERSISTED_QUERY_REQUIRED", "this gateway only runs reviewed operations; send one from the trusted-documents manifest", { documentHash: hash });
          }
        },
      };
    },
  };
}
