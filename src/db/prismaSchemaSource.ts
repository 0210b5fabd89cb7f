import fs from "node:fs";
import path from "node:path";
import type { DatabaseProvider } from "./databaseUrl";

/** Project root: src/db (or dist/src/db once compiled) sits two or three levels below it. */
export const projectRoot: string = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "package.json"))) dir = path.dirname(dir);
  return dir;
})();

export const prismaSchemaPath = path.join(projectRoot, "prisma", "schema.prisma");

/** Each provider keeps its own history in the standard layout; the models are shared. */
export function migrationsDirFor(provider: DatabaseProvider): string {
  return provider === "sqlite"
    ? path.join(projectRoot, "prisma", "migrations")
    : path.join(projectRoot, "prisma", "postgresql", "migrations");
}

/** The schema as the last migration left it; migration:new diffs from here. */
export const migratedSchemaPath = path.join(projectRoot, "prisma", "migrated-schema.prisma");

/** schema.prisma with its datasource provider set for the target database. */
export function prismaSchemaFor(provider: DatabaseProvider): string {
  return withProvider(fs.readFileSync(prismaSchemaPath, "utf8"), provider);
}

export function withProvider(text: string, provider: DatabaseProvider): string {
  const rewritten = text.replace(/(datasource\s+db\s*\{[^}]*provider\s*=\s*)"[a-z]+"/, `$1"${provider}"`);
  if (rewritten === text && provider !== "sqlite") {
    throw new Error("prisma/schema.prisma: datasource db provider line not found");
  }
  return rewritten;
}
