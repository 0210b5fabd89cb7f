// /graphiql, development only (src/console): GraphiQL bundled into this build, nothing from a CDN.
// A dev token is minted for the chosen role (the same dev-only route as the console's sign-in) and
// the Authorization, X-Purpose and X-Case-Ref headers are pre-filled. GraphiQL keeps its tabs in
// memory (no localStorage) and never persists headers. Its schema fetch is an introspection query:
// it works once introspection is released to authenticated callers (INTROSPECTION on).
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import "graphiql/style.css";
import { createElement, useState } from "react";
import { createRoot } from "react-dom/client";

const ROLES = ["verification_officer", "assistance_caseworker", "relief_officer", "police_liaison", "compliance_officer"];
const PURPOSE_OF: Record<string, string> = {
  verification_officer: "MLG_REVIEW",
  assistance_caseworker: "MLG_REVIEW",
  relief_officer: "FAMILY_SEARCH",
  police_liaison: "FAMILY_SEARCH",
  compliance_officer: "AUDIT_REVIEW",
};

/** Storage for GraphiQL's editor state that lives as long as the page. */
class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

async function mint(role: string, region: string): Promise<string> {
  const res = await fetch("/console/dev-token", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ roles: [role], region }) });
  const body = (await res.json()) as { token?: string; error?: string };
  if (!body.token) throw new Error(body.error ?? `HTTP ${res.status}`);
  return body.token;
}

const storage = new MemoryStorage();
const h = createElement;

function Page({ region }: { region: string }) {
  const [role, setRole] = useState("verification_officer");
  const [headers, setHeaders] = useState<string | null>(null);
  // The same headers as the fetcher's defaults too: GraphiQL's schema fetch can run before its
  // header editor exists, and would then go out without the token.
  const [fetcher, setFetcher] = useState<ReturnType<typeof createGraphiQLFetcher> | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const sign = async () => {
    try {
      const token = await mint(role, region);
      const prefilled = { Authorization: `Bearer ${token}`, "X-Purpose": PURPOSE_OF[role], "X-Case-Ref": "DEV-CASE-0001" };
      setFetcher(() => createGraphiQLFetcher({ url: "/graphql", headers: prefilled }));
      setHeaders(JSON.stringify(prefilled, null, 2));
      setProblem(null);
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  return h(
    "div",
    { style: { height: "100vh", display: "flex", flexDirection: "column", fontFamily: "system-ui, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif" } },
    h(
      "form",
      { style: { display: "flex", gap: "8px", padding: "6px 12px", alignItems: "center", borderBottom: "1px solid #ddd" }, onSubmit: (e: Event) => (e.preventDefault(), void sign()) },
      h("strong", null, `GraphiQL · ${region} (development)`),
      h("label", { htmlFor: "graphiql-role" }, "角色 Role"),
      h("select", { id: "graphiql-role", value: role, onChange: (e: { target: HTMLSelectElement }) => setRole(e.target.value) }, ...ROLES.map((r) => h("option", { key: r, value: r }, r))),
      h("button", { type: "submit" }, "签发开发令牌 Mint dev token"),
      problem ? h("span", { role: "alert", style: { color: "#8a1c1c" } }, problem) : null,
    ),
    h(
      "div",
      { style: { flex: 1, minHeight: 0 } },
      headers && fetcher
        ? h(GraphiQL, { key: headers, fetcher, headers, shouldPersistHeaders: false, storage, defaultQuery: "query Me {\n  me { sub agency region roles }\n}\n" })
        : h("p", { style: { padding: "12px" } }, "选择角色并签发开发令牌后开始。Choose a role and mint a dev token to start."),
    ),
  );
}

void (async () => {
  const settings = (await (await fetch("/console/config.json")).json()) as { region: string };
  createRoot(document.getElementById("graphiql")!).render(h(Page, { region: settings.region }));
})();
