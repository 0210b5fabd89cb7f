// A child process for the audit crash test: runs the chain writer under concurrent appends and
// reports each append as soon as its promise resolved (i.e. after COMMIT) on stdout, with a
// synchronous write, so whatever the parent read was committed before the process can be killed.
//   node dist/scripts/audit/appendWorkload.js --database-url URL --key FILE [--concurrency N]
import fs from "node:fs";
import { Command } from "commander";
import { importJWK, type JWK, type KeyLike } from "jose";
import { AuditChainWriter } from "../../src/audit";
import { createPrismaClient } from "../../src/db";
import { composeIdentityNumber } from "../../src/identity";

function report(line: string): void {
  fs.writeSync(1, `${line}\n`);
}

async function main(): Promise<void> {
  const o = new Command()
    .requiredOption("--database-url <url>")
    .requiredOption("--key <file>", "the node's private key as a JWK (ES256)")
    .option("--concurrency <n>", "concurrent appenders", "16")
    .option("--subject-key <key>", "HMAC key for subjects", "crash-test-subject-key-0123456789abcdef")
    .parse()
    .opts<{ databaseUrl: string; key: string; concurrency: string; subjectKey: string }>();
  const jwk = JSON.parse(fs.readFileSync(o.key, "utf8")) as JWK;
  const key = (await importJWK(jwk, "ES256")) as KeyLike;
  const prisma = createPrismaClient(o.databaseUrl);
  const writer = await AuditChainWriter.open(prisma, {
    node: "CHONGQING",
    signingKey: { key, kid: jwk.kid ?? "crash-test" },
    subjectKey: o.subjectKey,
    checkpointEvery: { entries: 50, seconds: 0.2 },
  });
  report(`READY ${writer.writerId}`);
  let n = 0;
  const worker = async () => {
    for (;;) {
      const i = n++;
      const requestId = `${process.pid}-${i}`;
      const receipt = await writer.append({
        requestId,
        node: "CHONGQING",
        principal: { sub: `officer-${i % 7}`, agency: "CQ-MZJ", region: "CHONGQING", roles: ["verification_officer"] },
        purpose: "MLG_REVIEW",
        caseRef: `CQ-${i % 13}`,
        fieldsRequested: ["householdVerification.conclusion"],
        subjects: i % 3 === 0 ? [composeIdentityNumber("500103", "1975-05-05", "MALE", (i % 500) + 1)] : [],
        outcome: "ALLOWED",
        resultCount: 1,
      });
      report(`C ${requestId} ${receipt.sequence} ${receipt.entryHash}`);
    }
  };
  await Promise.all(Array.from({ length: Number(o.concurrency) }, worker));
}

main().catch((error: Error) => {
  report(`ERROR ${error.message}`);
  process.exit(1);
});
