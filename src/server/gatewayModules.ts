import { createAuthModule } from "../auth";
import type { Region } from "../config";
import type { DomainModule } from "../context";
import type { PrismaClient } from "../db";
import { createVerificationModule } from "../verification";

/** Every domain a node serves, in one list (the schema is the union of their resolvers). */
export function gatewayModules(prisma: PrismaClient, region: Region): DomainModule[] {
  return [createAuthModule(), createVerificationModule(prisma, region)];
}
