// The HTTP side of the baselines: B-http answers with stored bodies; B-apollo and B-sql run an
// Apollo Server 5 over node:http exactly as the gateway does (executeHTTPGraphQLRequest), minus
// authentication and the gateway's plugins.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import type { GraphQLSchema } from "graphql";

export interface BaselineServer {
  url: string;
  close(): Promise<void>;
}

export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** node:http on 127.0.0.1 with /readyz, `handle` for everything else. */
export async function listen(handle: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>, onClose: () => Promise<void> = async () => {}): Promise<BaselineServer> {
  const server = http.createServer((req, res) => {
    if (req.url === "/readyz") {
      res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ready"}');
      return;
    }
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await onClose();
    },
  };
}

/**
 * B-http: node:http returning the gateway's own JSON body for the requested id (captured from the
 * gateway before the run); the request body is read and parsed as the gateway would.
 */
export function startStoredBodyServer(bodies: Record<string, string>): Promise<BaselineServer> {
  return listen(async (req, res) => {
    const request = JSON.parse(await readBody(req)) as { variables?: { id?: string } };
    const body = bodies[request.variables?.id ?? ""];
    if (body === undefined) {
      res.writeHead(404, { "content-type": "application/json" }).end('{"errors":[{"message":"unknown id"}]}');
      return;
    }
    res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) }).end(body);
  });
}

/** B-apollo / B-sql: Apollo Server 5 over `schema`, with the gateway's HTTP-level options. */
export async function startApolloBaseline(schema: GraphQLSchema): Promise<BaselineServer> {
  const apollo = new ApolloServer({
    schema,
    plugins: [ApolloServerPluginLandingPageDisabled()],
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
  });
  await apollo.start();
  return listen(
    async (req, res) => {
      const raw = await readBody(req);
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? "POST", headers, search: "", body: raw.length ? JSON.parse(raw) : undefined },
        context: async () => ({}),
      });
      const outHeaders: Record<string, string> = {};
      for (const [key, value] of result.headers) outHeaders[key] = value;
      res.writeHead(result.status ?? 200, outHeaders);
      if (result.body.kind === "complete") {
        res.end(result.body.string);
        return;
      }
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    },
    () => apollo.stop(),
  );
}
