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
  type SelectionNode,
  type VariableDefinitionNode,
} from "graphql";
import { REGIONS, type Region } from "../config";
import type { ForwardRoute, RequestContext } from "../context";
import { PeerUnavailable, type PeerClient } from "./peerClient";

/**
 * How a root field finds the region(s) that hold the answer: from its `regions` argument (fan-out
 * and merge), or from the region prefix of an id argument (CQ-… / SC-…: route to the holder).
 */
const REGION_BY_TAG: Record<string, Region> = { CQ: "CHONGQING", SC: "SICHUAN" };
export const regionOfId = (id: unknown): Region | undefined => (typeof id === "string" ? REGION_BY_TAG[id.slice(0, 2)] : undefined);

/** The one root field as a standalone operation for the peer: fragments inlined, variables kept. */
function forwardedOperation(info: GraphQLResolveInfo, regionsOverride?: Region): { query: string; variables: Record<string, unknown> } {
  const merged: FieldNode = {
    ...info.fieldNodes[0],
    alias: undefined,
    selectionSet: info.fieldNodes[0].selectionSet && {
      kind: Kind.SELECTION_SET,
      selections: info.fieldNodes.flatMap((n) => n.selectionSet?.selections ?? []) as SelectionNode[],
    },
  };
  const used = new Set<string>();
  const inlined = visit(merged, {
    FragmentSpread(node) {
      const fragment = info.fragments[node.name.value];
      return { kind: Kind.INLINE_FRAGMENT, typeCondition: fragment.typeCondition, directives: node.directives, selectionSet: fragment.selectionSet };
    },
  });
  // Visit again: fragments inlined above may themselves contain spreads.
  const field = visit(inlined, {
    FragmentSpread(node) {
      const fragment = info.fragments[node.name.value];
      return { kind: Kind.INLINE_FRAGMENT, typeCondition: fragment.typeCondition, directives: node.directives, selectionSet: fragment.selectionSet };
    },
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
  const variables = Object.fromEntries([...used].map((name) => [name, info.variableValues[name]]));
  const header = definitions.length ? `(${definitions.map((d) => print(d)).join(", ")})` : "";
  return { query: `${info.operation.operation} Forwarded${header} { ${print(field)} }`, variables };
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
export function forwardAcrossRegions(schema: GraphQLSchema, routes: Record<string, ForwardRoute>, home: Region, clients: Map<Region, PeerClient>): void {
  const roots = { ...schema.getQueryType()?.getFields(), ...schema.getMutationType()?.getFields() };
  const unknown = Object.keys(routes).find((name) => !roots[name]?.resolve);
  if (unknown) throw new Error(`cannot forward unknown root field ${unknown}`);
  resolveRemoteObjectsAsAnswered(schema, Object.keys(routes).map((name) => roots[name]!));
  for (const [name, route] of Object.entries(routes)) {
    const field = roots[name]!;
    const local = field.resolve as GraphQLFieldResolver<unknown, RequestContext>;

    field.resolve = async (source, args, context, info) => {
      if (context.principal.forwardedBy) return local(source, route.kind === "regions" ? { ...args, regions: [home] } : args, context, info);
      const targets: Region[] =
        route.kind === "regions"
          ? [...new Set<Region>((args.regions as Region[] | null | undefined)?.length ? (args.regions as Region[]) : route.defaultTo === "all" ? [...REGIONS] : [home])]
          : [regionOfId(args[route.arg]) ?? home];

      // The forwards leave first, so the peer works while the home region is answered here: a
      // fan-out costs the slower of the two parts, not their sum. askPeer never rejects.
      const remoteAnswers = Promise.all(
        targets.filter((r) => r !== home).map(async (region) => ({ region, answer: await askPeer(region, info, context, route) })),
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

  async function askPeer(region: Region, info: GraphQLResolveInfo, context: RequestContext, route: ForwardRoute): Promise<(Record<string, unknown> & { __errors: GraphQLFormattedError[] }) | undefined> {
    const client = clients.get(region);
    if (!client) {
      context.deferredErrors.push({ message: `no peer configured for ${region}`, path: [info.path.key], extensions: { code: "PEER_UNAVAILABLE", region, reason: "not configured" } });
      return undefined;
    }
    try {
      const answer = await client.forward(forwardedOperation(info, route.kind === "regions" ? region : undefined), context);
      context.access.peerHops.push({ region, peerRequestId: answer.peerRequestId, receipt: answer.receipt, outcome: "OK" });
      if (route.kind === "id") context.deferredErrors.push(...remapErrors(answer.errors, info, region, 0));
      return { ...(markRemote(answer.data ?? {}) as Record<string, unknown>), __errors: answer.errors };
    } catch (error) {
      const reason = error instanceof PeerUnavailable ? error.reason : "forward failed";
      context.access.peerHops.push({ region, outcome: error instanceof PeerUnavailable && error.refused ? "REFUSED" : "PEER_UNAVAILABLE" });
      context.deferredErrors.push({ message: `the ${region} node did not answer: ${reason}`, path: [info.path.key], extensions: { code: "PEER_UNAVAILABLE", region, reason } });
      return undefined;
    }
  }
}
