import type { GraphQLSchema } from "graphql";
import { buildSchema, type ContainerType } from "type-graphql";
import type { DomainModule } from "../context";

/** The one schema of a node, built from the domain modules' resolver classes. */
export async function buildGatewaySchema(modules: readonly DomainModule[]): Promise<GraphQLSchema> {
  const instances = new Map<Function, object>();
  for (const module of modules) for (const [cls, instance] of module.instances) instances.set(cls, instance);
  const container: ContainerType = {
    get(someClass: Function) {
      const instance = instances.get(someClass);
      if (!instance) throw new Error(`no instance registered for resolver ${someClass.name}`);
      return instance;
    },
  };
  const resolvers = modules.flatMap((m) => m.resolvers) as [Function, ...Function[]];
  return buildSchema({ resolvers, container, validate: false, emitSchemaFile: false });
}
