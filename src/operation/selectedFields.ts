import {
  getNamedType,
  getNullableType,
  isAbstractType,
  isListType,
  isNonNullType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type FieldNode,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";

/** One field occurrence of an operation (after fragment inlining), with where it lands in the response. */
export interface SelectedField {
  node: FieldNode;
  /** The parent type as written (may be an interface or union). */
  parentType: GraphQLNamedType;
  /** Concrete object types the parent can be at run time (itself, or an abstract type's possible types). */
  possibleParentTypes: string[];
  fieldName: string;
  /** Response keys from the root (aliases win); list levels are not marked. */
  responsePath: string[];
  /** Same path with "@" after every list-typed field, e.g. householdVerification.members.@.idNumber. */
  displayPath: string;
  returnType: GraphQLOutputType;
  isList: boolean;
  nonNull: boolean;
  depth: number;
}

/**
 * Walks an inlined operation once with TypeInfo (the technique Apollo's usage reporting uses for
 * referenced fields), listing every field with its parent type and response path.
 */
export function selectedFields(schema: GraphQLSchema, operation: OperationDefinitionNode): SelectedField[] {
  const typeInfo = new TypeInfo(schema);
  const fields: SelectedField[] = [];
  const pathStack: string[] = [];
  const displayStack: string[] = [];
  visit(
    operation,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter(node) {
          const parentType = typeInfo.getParentType();
          const returnType = typeInfo.getType();
          const key = node.alias?.value ?? node.name.value;
          pathStack.push(key);
          const listed = returnType ? isListType(getNullableType(returnType)) : false;
          displayStack.push(listed ? `${key}.@` : key);
          if (parentType && returnType && node.name.value !== "__typename") {
            fields.push({
              node,
              parentType,
              possibleParentTypes: isAbstractType(parentType) ? schema.getPossibleTypes(parentType).map((t) => t.name) : [parentType.name],
              fieldName: node.name.value,
              responsePath: [...pathStack],
              displayPath: displayStack.join(".").replace(/\.@$/, ""),
              returnType,
              isList: listed,
              nonNull: isNonNullType(returnType),
              depth: pathStack.length,
            });
          }
        },
        leave() {
          pathStack.pop();
          displayStack.pop();
        },
      },
    }),
  );
  return fields;
}

export function namedTypeOf(type: GraphQLOutputType): string {
  return getNamedType(type).name;
}

export { Kind };
