import { Ctx, Field, ObjectType, Query, Resolver } from "type-graphql";
import type { Region } from "../config";
import { RegionEnum, RoleEnum, type DomainModule, type RequestContext, type Role } from "../context";

@ObjectType("Principal", { simpleResolvers: true, description: "The authenticated caller as the gateway sees them (当前用户)." })
export class PrincipalType {
  @Field({ description: "Officer id (`sub`)." })
  sub!: string;

  @Field({ description: "Agency id of the officer (所属机构)." })
  agency!: string;

  @Field(() => RegionEnum, { description: "Region whose issuer vouched for the officer." })
  region!: Region;

  @Field(() => [RoleEnum], { description: "Roles recognised by the gateway (unknown roles are ignored)." })
  roles!: Role[];

  @Field({ description: "Token issuer." })
  issuer!: string;
}

@Resolver()
export class MeResolver {
  @Query(() => PrincipalType, { description: "Who the gateway thinks you are (当前用户信息)." })
  me(@Ctx() context: RequestContext): PrincipalType {
    const { sub, agency, region, roles, issuer } = context.principal;
    return { sub, agency, region, roles: [...roles], issuer };
  }
}

export function createAuthModule(): DomainModule {
  return { name: "auth", resolvers: [MeResolver], instances: new Map([[MeResolver, new MeResolver()]]) };
}
