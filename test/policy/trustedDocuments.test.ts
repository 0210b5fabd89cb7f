import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadTrustedDocuments } from "../../src/limits";
import { postGraphql, postGraphqlBody } from "../support/graphqlClient";
import { officerToken, startTestNode, tempKeysDir, type TestNode } from "../support/testNode";

const ME = `query Me { me { sub roles } }`;
const ME_REGION = `query MeRegion { me { region } }`;
const sha256 = (text: string) => crypto.createHash("sha256").update(text).digest("hex");

function writeManifest(content: unknown): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "trusted-")), "manifest.json");
  fs.writeFileSync(file, JSON.stringify(content));
  return file;
}

// The two generators' formats, as they write them.
const MANIFESTS = {
  "GraphQL Codegen client preset (persisted-documents.json)": { [sha256(ME)]: ME, [sha256(ME_REGION)]: ME_REGION },
  "Apollo generate-persisted-query-manifest": {
    format: "apollo-persisted-query-manifest",
    version: 1,
    operations: [
      { id: sha256(ME), name: "Me", type: "query", body: ME },
      { id: sha256(ME_REGION), name: "MeRegion", type: "query", body: ME_REGION },
    ],
  },
};

describe.each(Object.entries(MANIFESTS))("trusted documents from a %s manifest", (_format, manifest) => {
  const keysDir = tempKeysDir();
  let t: TestNode;
  let token: string;
  beforeAll(async () => {
    t = await startTestNode({ keysDir, env: { TRUSTED_DOCUMENTS: writeManifest(manifest) } });
    token = await officerToken(keysDir, "CHONGQING", ["verification_officer"]);
  });
  afterAll(() => t.stop());

  it("runs a listed document sent as text, and refuses other text", async () => {
    const ok = await postGraphql(t.node.url, ME, { token });
    expect(ok.body).toEqual({ data: { me: { sub: "cq-officer-1", roles: ["verification_officer"] } } });
    const other = await postGraphql(t.node.url, `query Me { me { sub roles agency } }`, { token });
    expect(other.status).toBe(400);
    expect(other.body.errors![0].extensions).toMatchObject({ code: "PERSISTED_QUERY_REQUIRED" });
    expect(other.body.data).toBeUndefined();
  });

  it("runs a document named only by extensions.persistedQuery.sha256Hash", async () => {
    const res = await postGraphqlBody(t.node.url, { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(ME_REGION) } } }, { token });
    expect(res.body).toEqual({ data: { me: { region: "CHONGQING" } } });
  });

  it("runs a document named only by documentId, with or without the sha256: prefix", async () => {
    for (const documentId of [sha256(ME), `sha256:${sha256(ME)}`]) {
      const res = await postGraphqlBody(t.node.url, { documentId }, { token });
      expect(res.body).toEqual({ data: { me: { sub: "cq-officer-1", roles: ["verification_officer"] } } });
    }
  });

  it("refuses an unknown id with PERSISTED_QUERY_REQUIRED, executes nothing and audits the refusal", async () => {
    const unknown = sha256("query Other { me { agency } }");
    for (const body of [{ documentId: unknown }, { extensions: { persistedQuery: { version: 1, sha256Hash: unknown } } }]) {
      const requestId = `trusted-${crypto.randomUUID()}`;
      const res = await postGraphqlBody(t.node.url, body, { token, headers: { "x-request-id": requestId } });
      expect(res.status).toBe(400);
      expect(res.body.data).toBeUndefined();
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors![0].extensions).toEqual({ code: "PERSISTED_QUERY_REQUIRED", documentId: unknown });
      const entries = await t.prisma.auditEntry.findMany({ where: { requestId } });
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ outcome: "INVALID", errorCode: "PERSISTED_QUERY_REQUIRED", resultCount: 0 });
    }
  });

  it("takes the text over an id when both are sent, so an id cannot smuggle other text in", async () => {
    const res = await postGraphqlBody(t.node.url, { query: `{ me { agency } }`, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(ME) } } }, { token });
    expect(res.status).toBe(400);
    expect(res.body.errors![0].extensions).toMatchObject({ code: "PERSISTED_QUERY_REQUIRED" });
  });
});

describe("loading a trusted-documents manifest", () => {
  it("reads the gateway's own format too", () => {
    const docs = loadTrustedDocuments(writeManifest({ format: "assist-gateway-trusted-documents/1", documents: { [sha256(ME)]: ME } }));
    expect([...docs.byId.keys()]).toEqual([sha256(ME)]);
  });

  it("refuses a manifest whose hash-shaped id is not the hash of its text", () => {
    expect(() => loadTrustedDocuments(writeManifest({ [sha256(ME_REGION)]: ME }))).toThrow(/does not hash to its id/);
    const apollo = { format: "apollo-persisted-query-manifest", version: 1, operations: [{ id: sha256(ME_REGION), name: "Me", type: "query", body: ME }] };
    expect(() => loadTrustedDocuments(writeManifest(apollo))).toThrow(/does not hash to its id/);
  });

  it("refuses an unknown format, another version, and an empty manifest", () => {
    expect(() => loadTrustedDocuments(writeManifest({ format: "something-else", documents: {} }))).toThrow(/not a trusted-documents manifest/);
    expect(() => loadTrustedDocuments(writeManifest({ format: "apollo-persisted-query-manifest", version: 2, operations: [] }))).toThrow(/not a trusted-documents manifest/);
    expect(() => loadTrustedDocuments(writeManifest({}))).toThrow(/lists no documents/);
  });
});
