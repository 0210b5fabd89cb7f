import { astFromValue, Kind, print, visit, type ArgumentNode, type FieldNode, type GraphQLResolveInfo, type SelectionNode, type SelectionSetNode, type VariableDefinitionNode } from "graphql";
import type { Region } from "../config";
import type { PeerFieldLink, RequestContext } from "../context";
import { inlineSelectionSet } from "../operation";
import { askPeer, peerUnavailableError } from "./peerAsk";
import type { PeerClient } from "./peerClient";
import { markRemote, remapErrors } from "./peerForwarding";

/**
 * The current field's selection, inlined (fragments become inline fragments), without the
 * top-level fields the home node answers itself; returns their response keys by field name.
 */
function selectionWithout(info: GraphQLResolveInfo, omitted: ReadonlySet<string>): { selectionSet: SelectionSetNode | undefined; omittedKeys: Map<string, string[]> } {
  const omittedKeys = new Map<string, string[]>();
  const prune = (selections: readonly SelectionNode[]): SelectionNode[] =>
    selections.flatMap((selection): SelectionNode[] => {
      if (selection.kind === Kind.FIELD && omitted.has(selection.name.value)) {
        const keys = omittedKeys.get(selection.name.value) ?? [];
        keys.push(selection.alias?.value ?? selection.name.value);
        omittedKeys.set(selection.name.value, keys);
        return [];
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) return [{ ...selection, selectionSet: { ...selection.selectionSet, selections: prune(selection.selectionSet.selections) } }];
      return [selection];
    });
  const selections = info.fieldNodes.flatMap((n) => (n.selectionSet ? inlineSelectionSet(n.selectionSet, info.fragments).selections : []));
  const kept = prune(selections);
  // A selection left with nothing (only home-answered fields) still needs one field to be valid.
  if (kept.length === 0) kept.push({ kind: Kind.FIELD, name: { kind: Kind.NAME, value: "__typename" } });
  return { selectionSet: info.fieldNodes[0].selectionSet && { kind: Kind.SELECTION_SET, selections: kept }, omittedKeys };
}

/** The operation for the peer: `field(args)` with the caller's selection; arguments as literals of the field's types. */
function operationFor(info: GraphQLResolveInfo, field: string, args: Record<string, unknown>, omitted: ReadonlySet<string>) {
  const target = info.schema.getQueryType()?.getFields()[field];
  if (!target) throw new Error(`the schema has no Query.${field} to ask the peer`);
  const argumentNodes: ArgumentNode[] = target.args.flatMap((arg) => {
    if (args[arg.name] === undefined) return [];
    const value = astFromValue(args[arg.name], arg.type);
    return value ? [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: arg.name }, value }] : [];
  });
  const { selectionSet, omittedKeys } = selectionWithout(info, omitted);
  const node: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: field }, arguments: argumentNodes, selectionSet };
  const used = new Set<string>();
  visit(node, { Variable: (v) => void used.add(v.name.value) });
  const definitions: VariableDefinitionNode[] = (info.operation.variableDefinitions ?? []).filter((d) => used.has(d.variable.name.value));
  const header = definitions.length ? `(${definitions.map((d) => print(d)).join(", ")})` : "";
  return {
    operation: { query: `query Forwarded${header} { ${print(node)} }`, variables: Object.fromEntries([...used].map((name) => [name, info.variableValues[name]])) },
    omittedKeys,
  };
}

/**
 * PeerFieldLink over the peer clients: the caller's selection asked of the peer under another
 * root field, as the caller (service token: the peer's own policy and audit), one hop recorded
 * in the home audit entry. A peer that fails costs a PEER_UNAVAILABLE error, never the answer.
 */
export function peerFieldLinkOver(clients: ReadonlyMap<Region, PeerClient>): PeerFieldLink {
  return {
    async askField(region, request, context: RequestContext) {
      const { info } = request;
      const omitted = new Set(Object.keys(request.answeredHere ?? {}));
      const { operation, omittedKeys } = operationFor(info, request.field, request.args, omitted);
      const reply = await askPeer(clients, region, operation, context);
      if (!reply.answered) {
        context.deferredErrors.push(peerUnavailableError(region, reply, [info.path.key]));
        return null;
      }
      const { answer } = reply;
      context.deferredErrors.push(...remapErrors(answer.errors, info, region, 0));
      const items = answer.data?.[request.field];
      if (!Array.isArray(items)) return null;
      markRemote(items);
      // Set after marking: the home node's own objects resolve with their own resolvers.
      for (const item of items) {
        if (!item || typeof item !== "object") continue;
        for (const [fieldName, keys] of omittedKeys) for (const key of keys) (item as Record<string, unknown>)[key] = request.answeredHere![fieldName];
      }
      return items;
    },
  };
}
