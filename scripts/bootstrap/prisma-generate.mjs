// Runs `prisma generate` without network access. The Prisma CLI insists that a native schema
// engine binary exists before it generates, although generation itself uses its bundled WASM;
// pointing PRISMA_SCHEMA_ENGINE_BINARY at any executable (this node) satisfies the check, so no
// engine download is attempted. Plain JS (not TS) because it runs before anything is compiled.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const cli = require.resolve("prisma/build/index.js");
const result = spawnSync(process.execPath, [cli, "generate", "--schema", "prisma/schema.prisma"], {
  stdio: ["ignore", "inherit", "inherit"],
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  },
});
process.exit(result.status ?? 1);
