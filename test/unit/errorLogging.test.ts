// An unexpected error's message may quote the data it was handling (Prisma prints a failed
// call's arguments): what reaches the log is its type, code and frames, never the message.
import { Writable } from "node:stream";
import pino from "pino";
import { GraphQLError } from "graphql";
import { composeIdentityNumber } from "../../src/identity";
import { sanitizeError } from "../../src/server/errorFormatting";

function bufferedLogger(): { logger: pino.Logger; lines: () => string } {
  let text = "";
  const sink = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { logger: pino({ level: "error" }, sink), lines: () => text };
}

describe("unexpected errors in the log", () => {
  it("logs type, code and where it was thrown — not the message that quotes a person", () => {
    const idNumber = composeIdentityNumber("500103", "1970-03-04", "FEMALE", 12);
    const cause = Object.assign(new Error(`Invalid \`prisma.householdMember.create()\` invocation: { name: "刘芳", idNumber: "${idNumber}" }`), {
      name: "PrismaClientValidationError",
      code: "P2009",
    });
    const error = new GraphQLError("wrapped", { originalError: cause, path: ["householdVerification", "household"] });
    const { logger, lines } = bufferedLogger();

    const formatted = sanitizeError({ message: error.message, path: error.path, extensions: {} }, error, logger);

    expect(formatted).toEqual({ message: "internal error", path: ["householdVerification", "household"], locations: undefined, extensions: { code: "INTERNAL_SERVER_ERROR" } });
    const logged = lines();
    expect(logged).not.toContain(idNumber);
    expect(logged).not.toContain("刘芳");
    const entry = JSON.parse(logged.trim()) as { err: { type: string; code: string; at: string[] }; msg: string };
    expect(entry.msg).toBe("unexpected resolver error");
    expect(entry.err.type).toBe("PrismaClientValidationError");
    expect(entry.err.code).toBe("P2009");
    expect(entry.err.at[0]).toMatch(/errorLogging\.test\.ts:\d+/);
  });
});
