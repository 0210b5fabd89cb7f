import type { GraphQLSchema } from "graphql";
import { buildSchema, type ContainerType } from "type-graphql";
import { NO_TOPICS_PUBSUB, type DomainModule, type ResolverClass } from "../context";

/** The one schema of a node, built from the domain modules' resolver classes. */
export async function buildGatewaySchema(modules: readonly DomainModule[]): Promise<GraphQLSchema> {
  const instances = new Map<ResolverClass, object>();
  for (const module of modules) for (const [cls, instance] of module.instances) instances.set(cls, instance);
  const container: ContainerType = {
    get(someClass: ResolverClass) {
      const instance = instances.get(someClass);
      if (!instance) throw new Error(`no instance registered for resolver ${someClass.name}`);
      return instance;
    },
  };
  const resolvers = modules.flatMap((m) => m.resolvers) as [ResolverClass, ...ResolverClass[]];
  const schema = await buildSchema({ resolvers, container, validate: false, emitSchemaFile: false, pubSub: NO_TOPICS_PUBSUB });
  // type-graphql offers no description for the root types; the contract wants one on every type.
  const query = schema.getQueryType();
  if (query) query.description = "Reads across the gateway's domains (查询). Personal-data fields need X-Purpose and X-Case-Ref.";
  const mutation = schema.getMutationType();
  if (mutation) mutation.description = "Writes across the gateway's domains (变更); every one is audited.";
  const subscription = schema.getSubscriptionType();
  if (subscription) subscription.description = "Notifications over Server-Sent Events at /graphql/stream (通知); each event is filtered by policy and audited.";
  return schema;
}
