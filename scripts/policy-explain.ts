// `npm run policy:explain -- --role assistance_caseworker --region CHONGQING --purpose MLG_REVIEW --query q.graphql [--jurisdiction 500103]`
// Prints, field by field, what a caller would get from an operation and which rule decided, and
// for root fields that read rows, the row rule and the condition it adds to the query for the
// caller's jurisdiction — so a partner agency sees what it will get before it asks. Nothing is executed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command, Option } from "commander";
import { loadConfig, REGIONS, type Region } from "../src/config";
import { PURPOSES, ROLES, type Purpose, type Role } from "../src/context";
import { createPrismaClient } from "../src/db";
import { createPolicyEngine, explainOperationText, jurisdictionAt } from "../src/policy";
import { buildGatewaySchema, gatewayModules } from "../src/server";

async function main(): Promise<void> {
  const program = new Command()
    .addOption(new Option("--role <role...>", "caller's roles").choices([...ROLES]).makeOptionMandatory())
    .addOption(new Option("--region <region>", "caller's region").choices([...REGIONS]).makeOptionMandatory())
    .addOption(new Option("--node <region>", "node answering (default: the caller's region)").choices([...REGIONS]))
    .addOption(new Option("--purpose <purpose>", "X-Purpose").choices([...PURPOSES]))
    .option("--no-case-ref", "explain as if X-Case-Ref were missing")
    .option("--via-peer", "the caller's request arrives through the other province's node (cross-region)")
    .option("--jurisdiction <areaCode>", "the caller's agency's jurisdiction: a county, prefecture (xxxx00) or province (xx0000) code")
    .requiredOption("--query <file>", "GraphQL operation file")
    .parse();
  const o = program.opts<{ role: Role[]; region: Region; node?: Region; purpose?: Purpose; caseRef: boolean; viaPeer?: boolean; query: string; jurisdiction?: string }>();
  const node = o.node ?? o.region;
  const prisma = createPrismaClient(`file:${path.join(os.tmpdir(), "assist-gateway-explain.db")}`);
  const schema = await buildGatewaySchema(gatewayModules(prisma, node));
  const engine = createPolicyEngine(schema, loadConfig({ ...process.env, REGION: node }).policyDir);
  const relation = o.region === node ? "same" : o.viaPeer ? "cross" : "direct-cross";
  // A caller of the other province has no jurisdiction at this node (see docs/authorization.md).
  const jurisdiction = o.jurisdiction && relation === "same" ? jurisdictionAt(o.jurisdiction, node, "configuration") : undefined;
  if (o.jurisdiction && relation === "same" && !jurisdiction) throw new Error(`--jurisdiction ${o.jurisdiction} is no county, prefecture or province code of ${node}`);
  const explanation = explainOperationText({ engine, schema }, fs.readFileSync(o.query, "utf8"), {
    roles: o.role,
    purpose: o.purpose,
    hasCaseRef: o.caseRef,
    regionRelation: relation,
  }, jurisdiction);
  console.log(`caller: ${o.role.join("+")} of ${o.region} → ${node} node (${relation}), purpose ${o.purpose ?? "(none)"}`);
  if (!explanation.wouldRun) console.log(`REFUSED ${explanation.refusalCode}: ${explanation.refusalMessage}`);
  for (const f of explanation.fields) {
    const how = f.decision === "MASKED" ? `MASKED (${f.mask})` : f.decision === "DENIED" ? `DENIED (${f.reasonCode})` : "ALLOWED";
    console.log(`  ${how.padEnd(36)} ${f.path.padEnd(60)} ${f.policyId ?? "public"}`);
  }
  for (const r of explanation.rows) {
    const rule = r.policyIds.length ? r.policyIds.join(", ") : "no row rule (refused)";
    console.log(`  ROWS ${r.rootField} (${r.entity}): ${rule}; jurisdiction ${r.jurisdiction}; where ${r.filter ?? "-"}; outside lookups ${r.outsideLookup ?? "-"}`);
  }
}

main().catch((error: Error) => {
  console.error(`policy:explain: ${error.message}`);
  process.exit(1);
});
