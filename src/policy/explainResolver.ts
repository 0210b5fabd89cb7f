import { getOperationAST, parse, validate, type GraphQLSchema } from "graphql";
import { Arg, Ctx, Field, ObjectType, Query, Resolver, registerEnumType } from "type-graphql";
import type { DomainModule, RequestContext } from "../context";
import { badUserInput } from "../errors";
import type { OperationPlan } from "./operationPlan";
import { describeJurisdiction, type Jurisdiction, type JurisdictionDirectory } from "./jurisdiction";
import { rowScopeFor } from "./rowRules";
import { subjectOf, type PolicyEngine } from "./policyEngine";
import { documentHash } from "./policyEngine";

export const AccessDecisionEnum = { ALLOWED: "ALLOWED", MASKED: "MASKED", DENIED: "DENIED" } as const;
registerEnumType(AccessDecisionEnum, { name: "AccessDecision", description: "What the policy engine would do with a field (访问决定)." });

@ObjectType({ simpleResolvers: true, description: "The decision for one field of an explained operation." })
export class FieldAccess {
  @Field({ description: "Response path; list positions written @." })
  path!: string;

  @Field(() => AccessDecisionEnum, { description: "Released as is, masked, or removed." })
  decision!: keyof typeof AccessDecisionEnum;

  @Field(() => String, { nullable: true, description: "The rule that decided (policies/*.yaml id)." })
  policyId!: string | null;

  @Field(() => String, { nullable: true, description: "Why a field is denied (stable code)." })
  reasonCode!: string | null;

  @Field(() => String, { nullable: true, description: "The mask applied, e.g. idNumber, month, amountBand." })
  mask!: string | null;
}

@ObjectType({ simpleResolvers: true, description: "The row rule that decides which rows a root field reads (行级规则)." })
export class RowAccess {
  @Field({ description: "Root field, e.g. Query.reliefRecords." })
  rootField!: string;

  @Field({ description: "Kind of row: HouseholdVerification, ReliefRecord, MissingPersonReport, MatchAlert or FamilySearchCandidate." })
  entity!: string;

  @Field(() => [String], { description: "Row rules that matched (policies/*.yaml ids); empty: no row is read, the operation is refused." })
  policyIds!: string[];

  @Field({ description: "The caller's jurisdiction, e.g. `county 510303`, `province 500000`, or `none in this province`." })
  jurisdiction!: string;

  @Field(() => String, { nullable: true, description: "The condition added to the database query (Prisma where, JSON); null when no rule matched." })
  filter!: string | null;

  @Field(() => String, { nullable: true, description: "Lookups outside the jurisdiction: allow, requested (协查 only) or deny." })
  outsideLookup!: string | null;
}

@ObjectType({ simpleResolvers: true, description: "What an operation would release to the caller, field by field, before asking for it (访问预览)." })
export class AccessExplanation {
  @Field({ description: "Whether the operation would run at all." })
  wouldRun!: boolean;

  @Field(() => String, { nullable: true, description: "Error code the whole operation would get (PURPOSE_REQUIRED, FORBIDDEN)." })
  refusalCode!: string | null;

  @Field(() => String, { nullable: true, description: "Why it would be refused." })
  refusalMessage!: string | null;

  @Field(() => [FieldAccess], { description: "Every field the operation selects, with its decision." })
  fields!: FieldAccess[];

  @Field(() => [RowAccess], { description: "For root fields that read rows under row rules: which rows, and by which rule." })
  rows!: RowAccess[];
}

/** The row rules of a plan, compiled for a jurisdiction (undefined: none in this province). */
export function explainRows(plan: OperationPlan, jurisdiction: Jurisdiction | undefined): RowAccess[] {
  return plan.rowReads.map((read) => {
    const scope = read.rules.length > 0 ? rowScopeFor(read.entity, read.rules, jurisdiction) : undefined;
    return {
      rootField: read.rootField,
      entity: read.entity,
      policyIds: read.rules.map((r) => r.id),
      jurisdiction: describeJurisdiction(jurisdiction),
      filter: scope ? JSON.stringify(scope.where) : null,
      outsideLookup: scope?.outsideLookup ?? null,
    };
  });
}

export function explainPlan(plan: OperationPlan, jurisdiction?: Jurisdiction): AccessExplanation {
  return {
    rows: explainRows(plan, jurisdiction),
    wouldRun: !plan.refusal,
    refusalCode: plan.refusal?.code ?? null,
    refusalMessage: plan.refusal?.message ?? null,
    fields: plan.fields.map((f) => ({
      path: f.path,
      decision: f.outcome.decision,
      policyId: (f.outcome as { policyId?: string }).policyId ?? null,
      reasonCode: f.outcome.decision === "DENIED" ? f.outcome.reasonCode : null,
      mask: f.outcome.decision === "MASKED" ? f.outcome.mask.kind + (f.outcome.mask.band ? `:${f.outcome.mask.band}` : "") : null,
    })),
  };
}

/** The engine and schema, filled in once the schema (which includes this resolver) is built. */
export interface ExplainTarget {
  engine?: PolicyEngine;
  schema?: GraphQLSchema;
  /** Where the caller's jurisdiction comes from (the node's; absent: none, as the plugin would decide). */
  jurisdictions?: JurisdictionDirectory;
}

/** Plans an operation text for a subject without running it (shared by the query and the CLI). */
export function explainOperationText(
  target: Pick<Required<ExplainTarget>, "engine" | "schema">,
  query: string,
  subject: Parameters<PolicyEngine["plan"]>[3],
  jurisdiction?: Jurisdiction,
): AccessExplanation {
  let document;
  try {
    document = parse(query, { maxTokens: 5000 });
  } catch (error) {
    throw badUserInput("query", (error as Error).message);
  }
  const errors = validate(target.schema, document);
  if (errors.length > 0) throw badUserInput("query", errors[0].message);
  const operation = getOperationAST(document);
  if (!operation) throw badUserInput("query", "give exactly one operation");
  return explainPlan(target.engine.plan(document, operation, documentHash(query), subject), jurisdiction);
}

@Resolver()
export class ExplainAccessResolver {
  constructor(private readonly target: ExplainTarget) {}

  @Query(() => AccessExplanation, { description: "What an operation would release to you (your token, X-Purpose, X-Case-Ref), before you ask (访问预览)." })
  async explainAccess(@Arg("query", () => String, { description: "The operation text to explain." }) query: string, @Ctx() context: RequestContext): Promise<AccessExplanation> {
    const { engine, schema, jurisdictions } = this.target;
    if (!engine || !schema) throw new Error("policy engine not ready");
    // As the plugin decides it: a caller forwarded by the other province has none here.
    const forwarded = Boolean(context.principal.forwardedBy);
    const jurisdiction = forwarded ? undefined : await jurisdictions?.jurisdictionOf(context.principal.agency);
    const explanation = explainOperationText({ engine, schema }, query, subjectOf(context), jurisdiction);
    // As the plugin would: a direct caller whose agency has no jurisdiction reads no row at all.
    if (!forwarded && !jurisdiction && explanation.rows.length > 0 && explanation.wouldRun) {
      return { ...explanation, wouldRun: false, refusalCode: "FORBIDDEN", refusalMessage: `agency ${context.principal.agency.slice(0, 64)} has no jurisdiction on record (NO_JURISDICTION)` };
    }
    return explanation;
  }
}

export function createExplainModule(target: ExplainTarget): DomainModule {
  return { name: "policy-explain", resolvers: [ExplainAccessResolver], instances: new Map([[ExplainAccessResolver, new ExplainAccessResolver(target)]]) };
}
