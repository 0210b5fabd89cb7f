import { Prisma } from "./generated/sqlite/client";
import { noteSubjectsIn } from "../context";

/**
 * Where the audit learns whom a request touched: every result this client returns — any model,
 * any operation, nested relations, raw queries — has the identity numbers in it (SUBJECT_FIELDS)
 * noted into the request's capture (src/context/subjectCapture.ts). Services and resolvers report
 * nothing; a new read path is recorded because it reads through this client. Outside a request
 * (start-up, background loops, scripts) no capture is open and nothing is noted.
 *
 * One extension for the process, not one client per request: a request's capture travels with
 * its async context, so no service needs to be handed a per-request client.
 */
export const subjectCapture = Prisma.defineExtension({
  name: "subjectCapture",
  query: {
    async $allOperations({ args, query }) {
      const result = await query(args);
      noteSubjectsIn(result);
      return result;
    },
  },
});
