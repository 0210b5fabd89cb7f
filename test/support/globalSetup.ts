// Builds the compiled tree the integration tests start nodes and migrations from, once per run.
import { execFileSync } from "node:child_process";
import path from "node:path";

export default function globalSetup(): void {
  const root = path.resolve(__dirname, "../..");
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
}
