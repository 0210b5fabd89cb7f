// `npm run schema:print` — writes schema/schema.graphql from the code (type-graphql). Generated:
// never edit the .graphql file by hand; a test fails when it differs from the code.
import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { printGatewaySdl } from "../src/server";

async function main(): Promise<void> {
  const target = path.resolve(__dirname, "../../schema/schema.graphql");
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, await printGatewaySdl());
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}

main().catch((error: Error) => {
  console.error(`schema:print failed: ${error.message}`);
  process.exit(1);
});
