import { getOperationAST, parse, validate, type GraphQLSchema } from "graphql";
import { Arg, Ctx, Field, ObjectType, Query, Resolver, registerEnumType } from "type-graphql";
import type { DomainModule, RequestContext } from "../context";
import { badUserInput } from "../errors";
import type { OperationPlan } from "./operationPlan";
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
}

export function explainPlan(plan: OperationPlan): AccessExplanation {
  return {
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
}

/** Plans an operation text for a subject without running it (shared by the query and the CLI). */
export function explainOperationText(target: Required<ExplainTarget>, query: string, subject: Parameters<PolicyEngine["plan"]>[3]): AccessExplanation {
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
  return explainPlan(target.engine.plan(document, operation, documentHash(query), subject));
}

@Resolver()
export class ExplainAccessResolver {
  constructor(private readonly target: ExplainTarget) {}

  @Query(() => AccessExplanation, { description: "What an operation would release to you (your token, X-Purpose, X-Case-Ref), before you ask (访问预览)." })
  explainAccess(@Arg("query", () => String, { description: "The operation text to explain." }) query: string, @Ctx() context: RequestContext): AccessExplanation {
    if (!this.target.engine || !this.target.schema) throw new Error("policy engine not ready");
    return explainOperationText(this.target as Required<ExplainTarget>, query, subjectOf(context));
  }
}

export function createExplainModule(target: ExplainTarget): DomainModule {
  return { name: "policy-explain", resolvers: [ExplainAccessResolver], instances: new Map([[ExplainAccessResolver, new ExplainAccessResolver(target)]]) };
}
