// Build of the web console (docs/console.md): `npm run build:console`, run by `npm install`.
// Output: dist/console, served by each node at /console (src/console). Everything the page needs
// is in that folder; nothing is fetched from another host at run time.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import { buildSchema, getNamedType, isEnumType, isLeafType, isListType, isNonNullType, isObjectType, type GraphQLField } from "graphql";
import { defineConfig, type Plugin } from "vite";

const consoleRoot = fileURLToPath(new URL(".", import.meta.url));
const outDir = path.resolve(consoleRoot, "../dist/console");

/**
 * Facts read from the committed SDL (schema/schema.graphql) at build time, so the console follows
 * the API it is built with: the purpose codes of the picker, and whether household verifications
 * carry a version history (added by another change; shown only when the field exists).
 */
function schemaFacts() {
  const schema = buildSchema(fs.readFileSync(path.resolve(consoleRoot, "../schema/schema.graphql"), "utf8"));
  const purposeType = schema.getType("Purpose");
  const purposes = isEnumType(purposeType) ? purposeType.getValues().map((v) => v.name) : [];
  const verification = schema.getType("HouseholdVerification");
  let versions: { field: string; columns: string[] } | null = null;
  if (isObjectType(verification)) {
    const field = Object.values(verification.getFields()).find(
      (f: GraphQLField<unknown, unknown>) => /version/i.test(f.name) && (isListType(f.type) || (isNonNullType(f.type) && isListType(f.type.ofType))),
    );
    const element = field ? getNamedType(field.type) : undefined;
    if (field && isObjectType(element)) {
      const columns = Object.values(element.getFields())
        .filter((f) => isLeafType(getNamedType(f.type)) && f.args.length === 0)
        .map((f) => f.name);
      versions = { field: field.name, columns };
    }
  }
  return { purposes, versions };
}

/** Writes a .gz beside every text asset, which the node's file server sends to gzip-capable browsers. */
function precompress(): Plugin {
  return {
    name: "assist-gateway-precompress",
    apply: "build",
    closeBundle() {
      const walk = (dir: string): string[] =>
        fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json)$/.test(file)) continue;
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(fs.readFileSync(file), { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: consoleRoot,
  base: "/console/",
  logLevel: "warn",
  define: {
    __SCHEMA_FACTS__: JSON.stringify(schemaFacts()),
  },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir,
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 3000,
    rollupOptions: {
      // framer-motion (through GraphiQL) marks modules "use client", which means nothing outside React Server Components.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
      input: { main: path.join(consoleRoot, "index.html"), graphiql: path.join(consoleRoot, "graphiql.html") },
    },
  },
  plugins: [precompress()],
});
