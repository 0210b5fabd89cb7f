// `npm run token -- --role verification_officer --region CHONGQING --agency CQ-AG-00000001 [--sub …] [--ttl 15m]`
// Prints a JWT signed by the region's development issuer (keys under data/keys, created if missing).
// The default agency is the demo data's provincial verification centre (CQ-/SC-AG-00000001), whose
// jurisdiction is the whole province; pass a district bureau's id to see a county's view.
import { Command, Option } from "commander";
import { mintDevToken } from "../src/auth";
import { loadConfig, REGIONS, type Region } from "../src/config";
import { isRole, ROLES, type Role } from "../src/context";

async function main(): Promise<void> {
  const program = new Command()
    .description("Mint a development officer token")
    .addOption(new Option("--role <role...>", "one or more roles").choices([...ROLES]).makeOptionMandatory())
    .addOption(new Option("--region <region>", "issuing region").choices([...REGIONS]).default("CHONGQING"))
    .option("--agency <id>", "agency id (default: the province's verification centre, jurisdiction the province)", "")
    .option("--sub <id>", "officer id")
    .option("--ttl <span>", "lifetime, e.g. 15m, 2h", "15m")
    .parse();
  const opts = program.opts<{ role: string[]; region: Region; agency: string; sub?: string; ttl: string }>();
  const roles = opts.role.filter(isRole) as Role[];
  const tag = opts.region === "CHONGQING" ? "CQ" : "SC";
  const token = await mintDevToken({
    keysDir: loadConfig({ ...process.env, REGION: opts.region }).keysDir,
    region: opts.region,
    roles,
    agency: opts.agency || `${tag}-AG-00000001`,
    sub: opts.sub ?? `${tag.toLowerCase()}-officer-${roles[0]}`,
    ttl: opts.ttl,
  });
  process.stdout.write(`${token}\n`);
}

main().catch((error: Error) => {
  console.error(`token: ${error.message}`);
  process.exit(1);
});
