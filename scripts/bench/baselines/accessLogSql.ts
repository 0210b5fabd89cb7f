// The raw-SQL baseline of S4 (issue 8): the compliance officers' access log by officer, keyset
// pages, with the very SQL AuditReviewService.accessLog issues (same columns, same WHERE, same
// row-value cursor bound, same ORDER BY and LIMIT size + 1, the cursor time bound as the Prisma
// adapter binds a Date: ISO 8601 with "+00:00") through a better-sqlite3 prepared statement,
// served over node:http so the comparison with the gateway is HTTP to HTTP at concurrency 1. It
// answers the gateway's request body (variables filter.officer, first, after) with the rows as
// SQL returns them (JSON columns left as text) in the same connection envelope — no GraphQL, no
// auth, no policy, no audit, no Prisma.
import Database from "better-sqlite3";
import { decodeCursor, encodeCursor } from "../../../src/pagination";
import { listen, readBody, type BaselineServer } from "./baselineServers";

const COLUMNS = `e."id", e."writerId", e."sequence", e."entryHash", e."recordedAt", e."node", e."requestId",
  e."principalSub", e."principalAgency", e."principalRegion", e."principalRoles", e."forwardedByNode", e."purpose",
  e."caseRef", e."operationName", e."operationHash", e."fieldsRequested", e."fieldsDenied", e."fieldsMasked",
  e."subjectHmacs", e."resultCount", e."outcome", e."errorCode", e."errorDetail", e."latencyMs", e."peerHops"`;

interface AccessLogRequest {
  variables?: { filter?: { officer?: string }; first?: number; after?: string | null };
}

export function startAccessLogSqlServer(file: string): Promise<BaselineServer> {
  const db = new Database(file, { readonly: true });
  const firstPage = db.prepare(`SELECT ${COLUMNS} FROM "AuditEntry" e WHERE e."principalSub" = ? ORDER BY e."recordedAt" DESC, e."id" DESC LIMIT ?`);
  const laterPage = db.prepare(
    `SELECT ${COLUMNS} FROM "AuditEntry" e WHERE e."principalSub" = ? AND (e."recordedAt", e."id") < (?, ?) ORDER BY e."recordedAt" DESC, e."id" DESC LIMIT ?`,
  );
  return listen(
    async (req, res) => {
      const { variables } = JSON.parse(await readBody(req)) as AccessLogRequest;
      const officer = variables?.filter?.officer;
      const size = variables?.first ?? 20;
      if (!officer) {
        res.writeHead(400, { "content-type": "application/json" }).end('{"errors":[{"message":"filter.officer is required here"}]}');
        return;
      }
      let rows: { id: number; recordedAt: string }[];
      if (variables?.after) {
        const [at, id] = decodeCursor(variables.after, ["string", "number"]) as [string, number];
        rows = laterPage.all(officer, new Date(at).toISOString().replace("Z", "+00:00"), id, size + 1) as typeof rows;
      } else rows = firstPage.all(officer, size + 1) as typeof rows;
      const items = rows.slice(0, size);
      const edges = items.map((node) => ({ node, cursor: encodeCursor([new Date(node.recordedAt).toISOString(), node.id]) }));
      const body = JSON.stringify({ data: { accessLog: { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null } } } });
      res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) }).end(body);
    },
    async () => {
      db.close();
    },
  );
}
