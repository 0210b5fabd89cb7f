// Runs `prisma generate` without network access, for both databases.
//
// - The Prisma CLI insists that a native schema-engine binary exists before it generates, although
//   generation itself uses its bundled WASM; pointing PRISMA_SCHEMA_ENGINE_BINARY at any executable
//   (this node) satisfies the check, so no engine download is attempted.
// - A generated client is bound to one provider, so the one schema.prisma is generated twice:
//   as is (SQLite, src/db/generated/sqlite) and with provider "postgresql"
//   (src/db/generated/postgresql). Models are identical; src/db picks the client by DATABASE_URL.
// Plain JS (not TS) because it runs before anything is compiled.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const cli = require.resolve("prisma/build/index.js");
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const schemaPath = path.join(root, "prisma/schema.prisma");
const generatedDir = path.join(root, "src/db/generated");

function generate(schemaFile) {
  const result = spawnSync(process.execPath, [cli, "generate", "--schema", schemaFile], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
    },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function derivedSchema(provider) {
  const text = fs.readFileSync(schemaPath, "utf8");
  const withProvider = text.replace(/(datasource\s+db\s*\{[^}]*provider\s*=\s*)"[a-z]+"/, `$1"${provider}"`);
  const withOutput = withProvider.replace(/output\s*=\s*"[^"]*"/, `output = "${path.join(generatedDir, provider)}"`);
  if (withProvider === text && provider !== "sqlite") throw new Error("datasource provider line not found in prisma/schema.prisma");
  fs.mkdirSync(generatedDir, { recursive: true });
  const file = path.join(generatedDir, `${provider}.schema.prisma`);
  fs.writeFileSync(file, `// GENERATED from prisma/schema.prisma by scripts/bootstrap/prisma-generate.mjs — do not edit.\n${withOutput}`);
  return file;
}

for (const provider of ["sqlite", "postgresql"]) generate(derivedSchema(provider));
