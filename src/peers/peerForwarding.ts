import {
  defaultFieldResolver,
  getNamedType,
  isAbstractType,
  isObjectType,
  Kind,
  print,
  visit,
  type FieldNode,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLFormattedError,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type VariableDefinitionNode,
} from "graphql";
import { REGIONS, type Region } from "../config";
import type { ForwardRoute, RequestContext } from "../context";
import { inlineSelectionSet, type OperationAnalyzer } from "../operation";
import { askPeer, peerUnavailableError } from "./peerAsk";
import type { PeerClient } from "./peerClient";

/**
 * How a root field finds the region(s) that hold the answer: from its `regions` argument (fan-out
 * and merge), or from the region prefix of an id argument (CQ-… / SC-…: route to the holder).
 */
const REGION_BY_TAG: Record<string, Region> = { CQ: "CHONGQING", SC: "SICHUAN" };
export const regionOfId = (id: unknown): Region | undefined => (typeof id === "string" ? REGION_BY_TAG[id.slice(0, 2)] : undefined);

/** A forwarded root field's operation text, and the variables it reads (their values are per request). */
interface ForwardedOperationText {
  query: string;
  variableNames: string[];
}

/**
 * Forwarded operations by the executed root field node and the region asked: the text depends
 * only on the executed selection (the policy's shaped document for this caller class, or the
 * document as parsed), which Apollo's document cache and the policy's plans hand back as the same
 * nodes for the same operation — so it is built and printed once, not per request.
 */
const FORWARDED_TEXTS = new WeakMap<FieldNode, Map<string, ForwardedOperationText>>();

/** The one root field as a standalone operation for the peer: fragments inlined, variables kept. */
function forwardedOperationText(info: GraphQLResolveInfo, regionsOverride: Region | undefined): ForwardedOperationText {
  const first = info.fieldNodes[0]!;
  // Nodes of one response key (`a: f { x } a: f { y }`) merge into one; which of them run can
  // depend on @skip/@include variables, so only a field of a single node is kept.
  const keep = info.fieldNodes.length === 1;
  let byRegion = keep ? FORWARDED_TEXTS.get(first) : undefined;
  const cached = byRegion?.get(regionsOverride ?? "");
  if (cached) return cached;
  const merged: FieldNode = {
    ...first,
    alias: undefined,
    selectionSet: first.selectionSet && inlineSelectionSet({ kind: Kind.SELECTION_SET, selections: info.fieldNodes.flatMap((n) => n.selectionSet?.selections ?? []) }, info.fragments),
  };
  const used = new Set<string>();
  const field = visit(merged, {
    Argument(node) {
      if (regionsOverride && node.name.value === "regions") {
        return { ...node, value: { kind: Kind.LIST, values: [{ kind: Kind.ENUM, value: regionsOverride }] } };
      }
      return undefined;
    },
    Variable(node) {
      used.add(node.name.value);
    },
  });
  const definitions: VariableDefinitionNode[] = (info.operation.variableDefinitions ?? []).filter((d) => used.has(d.variable.name.value));
  const header = definitions.length ? `(${definitions.map((d) => print(d)).join(", ")})` : "";
  const text = { query: `${info.operation.operation} Forwarded${header} { ${print(field)} }`, variableNames: [...used] };
  if (keep) {
    if (!byRegion) FORWARDED_TEXTS.set(first, (byRegion = new Map()));
    byRegion.set(regionsOverride ?? "", text);
  }
  return text;
}

function forwardedOperation(info: GraphQLResolveInfo, regionsOverride?: Region): { query: string; variables: Record<string, unknown> } {
  const { query, variableNames } = forwardedOperationText(info, regionsOverride);
  return { query, variables: Object.fromEntries(variableNames.map((name) => [name, info.variableValues[name]])) };
}

export function remapErrors(errors: GraphQLFormattedError[], info: GraphQLResolveInfo, region: Region, indexOffset: number): GraphQLFormattedError[] {
  return errors.map((e) => {
    const path = e.path ? [info.path.key, ...e.path.slice(1).map((p, i) => (i === 0 && typeof p === "number" ? p + indexOffset : p))] : [info.path.key];
    return { message: `${region}: ${e.message}`, path, extensions: { ...e.extensions, region } };
  });
}

/** Objects that came back from a peer: already resolved there, under that node's policy. */
const REMOTE_OBJECTS = new WeakSet<object>();

export function markRemote(value: unknown): unknown {
  if (Array.isArray(value)) value.forEach(markRemote);
  else if (value && typeof value === "object") {
    REMOTE_OBJECTS.add(value);
    Object.values(value).forEach(markRemote);
  }
  return value;
}

/**
 * The object types a forwarded answer can hold: those reachable from the forwarded root fields'
 * return types. No other type ever sees a peer's object, so its fields keep their own resolvers
 * unwrapped (an audit page of 100 entries resolves ~4,000 fields; each wrapper costs a WeakSet
 * lookup and a call).
 */
function typesReachableFrom(schema: GraphQLSchema, rootFields: GraphQLField<unknown, unknown>[]): Set<GraphQLObjectType> {
  const reached = new Set<GraphQLObjectType>();
  const pending = rootFields.map((field) => getNamedType(field.type));
  for (let type = pending.pop(); type; type = pending.pop()) {
    if (isAbstractType(type)) pending.push(...schema.getPossibleTypes(type));
    if (!isObjectType(type) || reached.has(type)) continue;
    reached.add(type);
    for (const field of Object.values(type.getFields())) pending.push(getNamedType(field.type));
  }
  return reached;
}

/**
 * Every field of every object type a forward can return resolves a peer's object by response
 * key (the peer answered the same selection), so no home resolver re-reads the home database for
 * the peer's records.
 */
function resolveRemoteObjectsAsAnswered(schema: GraphQLSchema, rootFields: GraphQLField<unknown, unknown>[]): void {
  for (const type of typesReachableFrom(schema, rootFields)) {
    for (const field of Object.values(type.getFields())) {
      const original = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) =>
        source !== null && typeof source === "object" && REMOTE_OBJECTS.has(source as object)
          ? (source as Record<string, unknown>)[info.path.key as string]
          : original(source, args, context, info);
    }
  }
}

const regionRank = (value: unknown): number => REGIONS.indexOf(((value as { region?: Region } | null)?.region ?? "CHONGQING") as Region);

/**
 * Wraps the listed root resolvers so each node answers for its own region and forwards the rest
 * to the peer, as the caller (service token), merging in a stable region order. A peer that fails
 * costs a PEER_UNAVAILABLE error with its region, never the home region's answer. A request that
 * already arrived from a peer is answered locally only: one hop, never a loop.
 */
export function forwardAcrossRegions(
  schema: GraphQLSchema,
  routes: Record<string, ForwardRoute>,
  home: Region,
  clients: Map<Region, PeerClient>,
  analyzer?: OperationAnalyzer,
): void {
  const roots = { ...schema.getQueryType()?.getFields(), ...schema.getMutationType()?.getFields() };
  const unknown = Object.keys(routes).find((name) => !roots[name]?.resolve);
  if (unknown) throw new Error(`cannot forward unknown root field ${unknown}`);
  resolveRemoteObjectsAsAnswered(schema, Object.keys(routes).map((name) => roots[name]!));
  for (const [name, declared] of Object.entries(routes)) {
    const field = roots[name]!;
    const local = field.resolve as GraphQLFieldResolver<unknown, RequestContext>;

    field.resolve = async (source, args, context, info) => {
      // The operation's forwarding split (its analysis, made once per operation from the same
      // declarations) says how this root field is answered; a request no stage analysed (a
      // schema run directly, in tests) uses the declaration itself.
      const route = analyzer?.ofRequest(context)?.forwarding.get(String(info.path.key))?.route ?? declared;
      if (context.principal.forwardedBy) return local(source, route.kind === "regions" ? { ...args, regions: [home] } : args, context, info);
      const targets: Region[] =
        route.kind === "regions"
          ? [...new Set<Region>((args.regions as Region[] | null | undefined)?.length ? (args.regions as Region[]) : route.defaultTo === "all" ? [...REGIONS] : [home])]
          : [regionOfId(args[route.arg]) ?? home];

      // The forwards leave first, so the peer works while the home region is answered here: a
      // fan-out costs the slower of the two parts, not their sum. askPeer never rejects.
      const remoteAnswers = Promise.all(
        targets.filter((r) => r !== home).map(async (region) => ({ region, answer: await answerFrom(region, info, context, route) })),
      );
      const localPart = targets.includes(home) ? await local(source, route.kind === "regions" ? { ...args, regions: [home] } : args, context, info) : undefined;
      const remoteParts = await remoteAnswers;

      if (route.kind === "id") return targets[0] === home ? localPart : (remoteParts[0]?.answer?.[info.fieldName] ?? null);
      const merged: unknown[] = Array.isArray(localPart) ? [...localPart] : [];
      for (const { region, answer } of remoteParts) {
        const items = answer?.[info.fieldName];
        if (!Array.isArray(items)) continue;
        context.deferredErrors.push(...remapErrors(answer!.__errors as GraphQLFormattedError[], info, region, merged.length));
        merged.push(...items);
      }
      if (route.rankBy) {
        const { field, limitArg } = route.rankBy;
        const score = (item: unknown) => Number((item as Record<string, unknown> | null)?.[field] ?? Number.NEGATIVE_INFINITY);
        const ranked = merged.map((item, i) => ({ item, i })).sort((a, b) => score(b.item) - score(a.item) || regionRank(a.item) - regionRank(b.item) || a.i - b.i);
        const limit = typeof args[limitArg] === "number" ? (args[limitArg] as number) : ranked.length;
        return ranked.slice(0, limit).map((x) => x.item);
      }
      // Stable order: by region (Chongqing, then Sichuan), each region's own order kept.
      return merged.map((item, i) => ({ item, i })).sort((a, b) => regionRank(a.item) - regionRank(b.item) || a.i - b.i).map((x) => x.item);
    };
  }

  /** One region's answer to this root field through the one ask (askPeer); failures become deferred errors. */
  async function answerFrom(region: Region, info: GraphQLResolveInfo, context: RequestContext, route: ForwardRoute): Promise<(Record<string, unknown> & { __errors: GraphQLFormattedError[] }) | undefined> {
    const reply = await askPeer(clients, region, forwardedOperation(info, route.kind === "regions" ? region : undefined), context);
    if (!reply.answered) {
      context.deferredErrors.push(peerUnavailableError(region, reply, [info.path.key]));
      return undefined;
    }
    const { answer } = reply;
    if (route.kind === "id") context.deferredErrors.push(...remapErrors(answer.errors, info, region, 0));
    return { ...(markRemote(answer.data ?? {}) as Record<string, unknown>), __errors: answer.errors };
  }
}
