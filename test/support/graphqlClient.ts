export interface GraphqlResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: Array<{ message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }>; extensions?: Record<string, unknown> };
}

export interface GraphqlCall {
  token?: string;
  variables?: Record<string, unknown>;
  purpose?: string;
  caseRef?: string;
  headers?: Record<string, string>;
  operationName?: string;
}

/** POST /graphql over real HTTP on loopback. */
export async function postGraphql<T = Record<string, any>>(baseUrl: string, query: string, call: GraphqlCall = {}): Promise<GraphqlResponse<T>> {
  return postGraphqlBody<T>(baseUrl, { query, variables: call.variables, operationName: call.operationName }, call);
}

/** POST /graphql with a body as given (a persisted-document id instead of text, extensions …). */
export async function postGraphqlBody<T = Record<string, any>>(baseUrl: string, body: Record<string, unknown>, call: GraphqlCall = {}): Promise<GraphqlResponse<T>> {
  const headers: Record<string, string> = { "content-type": "application/json", ...call.headers };
  if (call.token) headers.authorization = `Bearer ${call.token}`;
  if (call.purpose) headers["x-purpose"] = call.purpose;
  if (call.caseRef) headers["x-case-ref"] = call.caseRef;
  const res = await fetch(`${baseUrl}/graphql`, { method: "POST", headers, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as GraphqlResponse<T>["body"] };
}
