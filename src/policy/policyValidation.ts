import {
  getNamedType,
  isNullableType,
  isObjectType,
  isInterfaceType,
  isUnionType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from "graphql";
import { PolicyError } from "./policyLoader";
import type { PolicySet, SourceRef } from "./policyModel";

function objectFields(type: GraphQLNamedType | undefined | null) {
  return type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields() : undefined;
}

/** Object types reachable from a root field, through fields, lists, interfaces and unions. */
function reachableTypes(schema: GraphQLSchema, rootType: string, rootField: string): Set<string> {
  const root = objectFields(schema.getType(rootType))?.[rootField];
  const seen = new Set<string>();
  const queue: GraphQLNamedType[] = root ? [getNamedType(root.type)] : [];
  while (queue.length > 0) {
    const type = queue.pop()!;
    if (seen.has(type.name)) continue;
    if (isUnionType(type) || isInterfaceType(type)) {
      queue.push(...schema.getPossibleTypes(type));
      if (isUnionType(type)) continue;
    }
    const fields = objectFields(type);
    if (!fields) continue;
    seen.add(type.name);
    for (const field of Object.values(fields)) queue.push(getNamedType(field.type));
  }
  return seen;
}

/**
 * Checks a policy set against the schema the node serves. Every problem stops start-up with the
 * file and line to fix: unknown names, root fields without an operation rule, types reachable from
 * personal-data operations that are not catalogued, fields of catalogued types without a class,
 * personal fields no rule grants, and protected fields that are not nullable.
 */
export function validatePolicySet(policy: PolicySet, schema: GraphQLSchema): void {
  const fail = (source: SourceRef, problem: string): never => {
    throw new PolicyError(source, problem);
  };

  for (const [typeName, fields] of policy.catalogue) {
    const first = policy.catalogueSources.get(typeName) ?? { file: "policies", line: 1 };
    const schemaFields = objectFields(schema.getType(typeName));
    if (!schemaFields) fail(first, `catalogue names unknown type ${typeName}`);
    for (const [fieldName, entry] of fields) {
      const field = schemaFields![fieldName];
      if (!field) fail(entry.source, `catalogue names unknown field ${typeName}.${fieldName}`);
      if (entry.class.kind !== "public" && !isNullableType(field.type)) {
        fail(entry.source, `${typeName}.${fieldName} carries personal data and must be nullable in the schema (it is ${String(field.type)})`);
      }
    }
    for (const fieldName of Object.keys(schemaFields!)) {
      if (!fields.has(fieldName)) fail(first, `${typeName}.${fieldName} is not classified (public, personal or sensitive:<tags>)`);
    }
  }
  for (const [typeName, source] of policy.publicTypes) {
    if (!objectFields(schema.getType(typeName))) fail(source, `catalogue names unknown type ${typeName}`);
  }

  const covered = new Set<string>();
  for (const op of policy.operations) {
    for (const name of op.fields) {
      const [rootType, field] = name.split(".");
      const root = rootType === "Query" ? schema.getQueryType() : rootType === "Mutation" ? schema.getMutationType() : schema.getSubscriptionType();
      if (!root?.getFields()[field]) fail(op.source, `operation rule ${op.id} names unknown root field ${name}`);
      covered.add(name);
      if (!op.personalData) continue;
      for (const typeName of reachableTypes(schema, rootType, field)) {
        if (!policy.catalogue.has(typeName) && !policy.publicTypes.has(typeName)) {
          fail(op.source, `${typeName} is reachable from ${name} (personal data) but is not in any catalogue`);
        }
      }
    }
  }
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    for (const field of Object.keys(root?.getFields() ?? {})) {
      if (!covered.has(`${root!.name}.${field}`)) {
        fail({ file: "policies", line: 1 }, `${root!.name}.${field} has no operation rule (add one under operations:, or it is denied to everyone)`);
      }
    }
  }

  for (const rule of policy.minorRules) {
    const fields = policy.catalogue.get(rule.type);
    if (!fields) fail(rule.source, `minor rule ${rule.id} names ${rule.type}, which is not catalogued`);
    if (!objectFields(schema.getType(rule.type))?.minor) fail(rule.source, `${rule.type} has no minor field to tell a minor's row (add minor: Boolean to the type)`);
    for (const field of Object.keys(rule.mask)) if (!fields!.has(field)) fail(rule.source, `minor rule ${rule.id} names unknown field ${rule.type}.${field}`);
  }
  if (new Set(policy.minorRules.map((r) => r.type)).size !== policy.minorRules.length) fail(policy.minorRules[0].source, "one minor rule per type");

  const granted = new Set<string>();
  for (const rule of policy.rules) {
    for (const entry of [...rule.allow, ...Object.keys(rule.mask)]) {
      const [typeName, field] = entry.split(".");
      const fields = policy.catalogue.get(typeName);
      if (!fields) fail(rule.source, `rule ${rule.id} names ${entry}, but ${typeName} is not catalogued`);
      if (field === "*") {
        for (const [name, entryClass] of fields!) if (entryClass.class.kind !== "sensitive") granted.add(`${typeName}.${name}`);
        continue;
      }
      if (!fields!.has(field)) fail(rule.source, `rule ${rule.id} names unknown field ${entry}`);
      granted.add(entry);
    }
  }
  for (const [typeName, fields] of policy.catalogue) {
    for (const [fieldName, entry] of fields) {
      if (entry.class.kind === "public" || granted.has(`${typeName}.${fieldName}`)) continue;
      const how = entry.class.kind === "sensitive" ? "no rule names it (sensitive fields are never covered by Type.*)" : "no rule grants or masks it";
      fail(entry.source, `${typeName}.${fieldName} is ${entry.class.kind} data and ${how}; add a rule, or it is denied to everyone`);
    }
  }
}
