import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from "yaml";
import { z } from "zod";
import { PURPOSES, ROLES, ROW_ENTITIES, type Purpose, type Role } from "../context";
import {
  JURISDICTION_VARIABLE,
  MASK_KINDS,
  ROW_FILTER_COLUMNS,
  type RowFilter,
  type RowRule,
  SENSITIVITY_TAGS,
  type FieldClass,
  type GrantRule,
  type MaskSpec,
  type OperationRule,
  type PolicySet,
  type SensitivityTag,
  type SourceRef,
  type TypeFlags,
} from "./policyModel";

/** A policy problem found at start-up; the message names file and line. */
export class PolicyError extends Error {
  constructor(readonly source: SourceRef, problem: string) {
    super(`${source.file}:${source.line}: ${problem}`);
    this.name = "PolicyError";
  }
}

const roleName = z.enum(ROLES);
const purposeName = z.enum(PURPOSES);
const anyOr = <T extends z.ZodTypeAny>(item: T) => z.union([z.literal("any"), z.array(item).min(1)]);

const operationSchema = z.object({
  id: z.string().min(1),
  fields: z.array(z.string().regex(/^(Query|Mutation|Subscription)\.\w+$/, "must be Query.<field>, Mutation.<field> or Subscription.<field>")).min(1),
  roles: anyOr(roleName),
  purposes: anyOr(purposeName),
  personalData: z.boolean(),
  rows: z.enum(ROW_ENTITIES).optional(),
});

const rowRuleSchema = z.object({
  id: z.string().min(1),
  entity: z.enum(ROW_ENTITIES),
  roles: z.array(roleName).min(1),
  purposes: anyOr(purposeName),
  regions: z.enum(["same", "cross", "any"]),
  filter: z.record(z.string(), z.unknown()),
  outsideLookup: z.enum(["allow", "requested", "deny"]).default("deny"),
});

const ruleSchema = z.object({
  id: z.string().min(1),
  roles: z.array(roleName).min(1),
  purposes: anyOr(purposeName),
  regions: z.enum(["same", "cross", "any"]),
  allow: z.array(z.string().regex(/^\w+\.(\w+|\*)$/, "must be Type.field or Type.*")).default([]),
  mask: z.record(z.string().regex(/^\w+\.\w+$/, "must be Type.field"), z.string()).default({}),
});

const minorRuleSchema = z.object({
  id: z.string().min(1),
  type: z.string().regex(/^\w+$/),
  exempt: z.object({ roles: z.array(roleName).min(1), purposes: anyOr(purposeName) }).optional(),
  mask: z.record(z.string().regex(/^\w+$/), z.string()),
});

const fileSchema = z.object({
  // A type maps each field to its class, or is "public" as a whole (carries no personal data).
  catalogue: z.record(z.string(), z.union([z.literal("public"), z.record(z.string(), z.string())])).optional(),
  operations: z.array(operationSchema).optional(),
  rules: z.array(ruleSchema).optional(),
  rows: z.array(rowRuleSchema).optional(),
  minors: z.array(minorRuleSchema).optional(),
  types: z.record(z.string(), z.object({ rejectWholeOperation: z.boolean().default(false) })).optional(),
});

/** Line of the YAML node at `keys` (map keys or sequence indices), for error messages. */
function lineOf(doc: ReturnType<typeof parseDocument>, counter: LineCounter, keys: (string | number)[]): number {
  let node: unknown = doc.contents;
  let last: YamlNode | undefined;
  for (const key of keys) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
      last = (pair?.key as YamlNode | undefined) ?? last;
      node = pair?.value;
    } else if (isSeq(node) && typeof key === "number") {
      node = node.items[key];
      last = (node as YamlNode | undefined) ?? last;
    } else break;
  }
  const offset = last?.range?.[0] ?? (node as YamlNode | undefined)?.range?.[0] ?? 0;
  return counter.linePos(offset).line;
}

function parseClass(text: string, where: SourceRef): FieldClass {
  if (text === "public") return { kind: "public" };
  if (text === "personal") return { kind: "personal" };
  const match = text.match(/^sensitive:([\w,]+)$/);
  if (!match) throw new PolicyError(where, `class must be public, personal or sensitive:<tags>, got "${text}"`);
  const tags = match[1].split(",");
  for (const tag of tags) {
    if (!(SENSITIVITY_TAGS as readonly string[]).includes(tag)) {
      throw new PolicyError(where, `unknown sensitivity tag "${tag}" (known: ${SENSITIVITY_TAGS.join(", ")})`);
    }
  }
  return { kind: "sensitive", tags: tags as SensitivityTag[] };
}

function parseMask(text: string, where: SourceRef): MaskSpec {
  const [kind, arg] = text.split(":");
  if (!(MASK_KINDS as readonly string[]).includes(kind)) throw new PolicyError(where, `unknown mask "${kind}" (known: ${MASK_KINDS.join(", ")})`);
  if (kind === "amountBand") {
    const band = Number(arg);
    if (!Number.isInteger(band) || band <= 0) throw new PolicyError(where, "amountBand needs a band width in fen, e.g. amountBand:50000");
    return { kind, band };
  }
  return { kind: kind as MaskSpec["kind"] };
}

/**
 * A Hasura-style filter: `{}` (every row), or nested relation keys down to one area column compared
 * with the caller's jurisdiction — `{ household: { areaCode: { _in: X-Jurisdiction-Areas } } }`.
 * `{ _or: [<filter>, …] }` holds when any of its filters does (an alert is the caller's when either
 * side lies in their jurisdiction). Deliberately this small: every accepted shape compiles into a
 * Prisma \`where\` (rowRules.ts).
 */
function parseRowFilter(raw: Record<string, unknown>, entity: RowRule["entity"], where: SourceRef): RowFilter {
  if (Object.keys(raw).length === 0) return { kind: "all" };
  if ("_or" in raw) {
    const alternatives = raw._or;
    if (Object.keys(raw).length !== 1 || !Array.isArray(alternatives) || alternatives.length < 2) {
      throw new PolicyError(where, "_or takes a list of at least two filters, and nothing beside it");
    }
    return {
      kind: "any",
      filters: alternatives.map((alternative) => {
        if (!alternative || typeof alternative !== "object" || Array.isArray(alternative) || Object.keys(alternative).length === 0) {
          throw new PolicyError(where, "each filter of _or names an area column ({ column: { _in: X-Jurisdiction-Areas } })");
        }
        return parseRowFilter(alternative as Record<string, unknown>, entity, where);
      }),
    };
  }
  const path: string[] = [];
  let node: unknown = raw;
  while (node && typeof node === "object" && !Array.isArray(node)) {
    const keys = Object.keys(node);
    if (keys.length !== 1) throw new PolicyError(where, `a row filter names one column per level, got ${keys.join(", ") || "nothing"}`);
    const [key] = keys;
    const value = (node as Record<string, unknown>)[key];
    if (key === "_in") {
      if (value !== JURISDICTION_VARIABLE) throw new PolicyError(where, `_in compares with ${JURISDICTION_VARIABLE} only, got ${JSON.stringify(value)}`);
      const column = path.join(".");
      if (!ROW_FILTER_COLUMNS[entity].includes(column)) throw new PolicyError(where, `${entity} has no area column ${column} (known: ${ROW_FILTER_COLUMNS[entity].join(", ")})`);
      return { kind: "jurisdiction", path };
    }
    if (key.startsWith("_")) throw new PolicyError(where, `unknown row filter operator ${key} (known: _in, _or)`);
    path.push(key);
    node = value;
  }
  throw new PolicyError(where, `row filter must end in { _in: ${JURISDICTION_VARIABLE} }`);
}

/** Reads every *.yaml under `dir` into one PolicySet. Structure only; names are checked against the schema later. */
export function loadPolicySet(dir: string): PolicySet {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".yaml") || f.endsWith(".yml")).sort();
  if (files.length === 0) throw new Error(`no policy files (*.yaml) in ${dir}`);
  const set: PolicySet = { catalogue: new Map(), catalogueSources: new Map(), publicTypes: new Map(), operations: [], rules: [], rowRules: [], minorRules: [], types: new Map(), version: "" };
  const fingerprint = crypto.createHash("sha256");
  const ids = new Map<string, SourceRef>();
  for (const name of files) {
    const file = path.join(path.basename(dir), name);
    const text = fs.readFileSync(path.join(dir, name), "utf8");
    fingerprint.update(name).update(text);
    const counter = new LineCounter();
    const doc = parseDocument(text, { lineCounter: counter });
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      throw new PolicyError({ file, line: e.linePos?.[0]?.line ?? 1 }, e.message.split("\n")[0]);
    }
    const parsed = fileSchema.safeParse(doc.toJS() ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new PolicyError({ file, line: lineOf(doc, counter, issue.path as (string | number)[]) }, `${issue.path.join(".")}: ${issue.message}`);
    }
    const at = (...keys: (string | number)[]): SourceRef => ({ file, line: lineOf(doc, counter, keys) });
    const claimId = (id: string, where: SourceRef) => {
      const previous = ids.get(id);
      if (previous) throw new PolicyError(where, `policy id "${id}" already used at ${previous.file}:${previous.line}`);
      ids.set(id, where);
    };

    for (const [typeName, fields] of Object.entries(parsed.data.catalogue ?? {})) {
      const entry = set.catalogue.get(typeName) ?? new Map();
      if (fields === "public") {
        set.publicTypes.set(typeName, at("catalogue", typeName));
        continue;
      }
      set.catalogueSources.set(typeName, at("catalogue", typeName));
      for (const [fieldName, cls] of Object.entries(fields)) {
        const where = at("catalogue", typeName, fieldName);
        if (entry.has(fieldName)) throw new PolicyError(where, `${typeName}.${fieldName} is classified twice`);
        entry.set(fieldName, { class: parseClass(cls, where), source: where });
      }
      set.catalogue.set(typeName, entry);
    }
    parsed.data.operations?.forEach((op, i) => {
      const source = at("operations", i);
      claimId(op.id, source);
      set.operations.push({ ...op, roles: op.roles as Role[] | "any", purposes: op.purposes as Purpose[] | "any", rows: op.rows, source });
    });
    parsed.data.rules?.forEach((rule, i) => {
      const source = at("rules", i);
      claimId(rule.id, source);
      const mask = Object.fromEntries(Object.entries(rule.mask).map(([field, spec]) => [field, parseMask(spec, at("rules", i, "mask", field))]));
      set.rules.push({ ...rule, roles: rule.roles as Role[], purposes: rule.purposes as Purpose[] | "any", mask, source } satisfies GrantRule);
    });
    parsed.data.rows?.forEach((rule, i) => {
      const source = at("rows", i);
      claimId(rule.id, source);
      const filter = parseRowFilter(rule.filter, rule.entity, at("rows", i, "filter"));
      set.rowRules.push({ ...rule, roles: rule.roles as Role[], purposes: rule.purposes as Purpose[] | "any", filter, source });
    });
    parsed.data.minors?.forEach((rule, i) => {
      const source = at("minors", i);
      claimId(rule.id, source);
      const mask = Object.fromEntries(
        Object.entries(rule.mask).map(([field, spec]) => [field, spec === "deny" ? ("deny" as const) : parseMask(spec, at("minors", i, "mask", field))]),
      );
      const exempt = rule.exempt && { roles: rule.exempt.roles as Role[], purposes: rule.exempt.purposes as Purpose[] | "any" };
      set.minorRules.push({ id: rule.id, type: rule.type, exempt, mask, source });
    });
    for (const [typeName, flags] of Object.entries(parsed.data.types ?? {})) set.types.set(typeName, flags as TypeFlags);
  }
  set.version = fingerprint.digest("hex").slice(0, 16);
  return set;
}

export type { OperationRule };
