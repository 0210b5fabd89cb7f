/**
 * What a domain folder hands to src/server: its type-graphql resolver classes and the instances
 * to use for them (services injected through constructors, Prisma-style typed services).
 */
export interface DomainModule {
  name: string;
  resolvers: readonly Function[];
  /** Resolver class → instance, for type-graphql's container. */
  instances: ReadonlyMap<Function, object>;
}
