import type { Region } from "../config";
import type { RequestContext } from "../context";
import { placeholderStyleOf, type PlaceholderStyle, type PrismaClient } from "../db";
import { badUserInput, forbidden } from "../errors";
import { validatePublication, type PublicationDraft } from "./publicationRules";
import { appendChanges, PublicationConflict, storePublication, type PublicationOutcome } from "./publicationStore";
import type { VerificationRequestService } from "./verificationRequestService";

/** Prisma's code for a unique-constraint violation (two publications of one report at once). */
const UNIQUE_VIOLATION = "P2002";

export interface PublishAnswer {
  outcome: PublicationOutcome | "WITHDRAWN";
  verificationId: string;
  externalRef: string;
  version: number;
  supersededId: string | null;
  answeredRequest: Awaited<ReturnType<VerificationRequestService["completeWithPublication"]>> | null;
}

/**
 * A verification centre's system publishes its province's results (核对结果报送). Validation is
 * the importer's (publicationRules); the write is one transaction with the 协查 request it answers,
 * so a refused publication leaves nothing behind. The audit entry is the gateway's, like any read:
 * the household's members are the subjects this request touched.
 */
export class PublicationService {
  /** How the database spells parameters (and so whether the change feed needs its lock), asked once. */
  #style: Promise<PlaceholderStyle> | undefined;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly home: Region,
    private readonly requests: VerificationRequestService,
  ) {}

  async publish(input: PublicationDraft, context: RequestContext): Promise<PublishAnswer> {
    const agencyId = await this.publishingCentre(context);
    const checked = validatePublication(input, this.home);
    if (!checked.ok) {
      const first = checked.problems[0];
      throw badUserInput(`input.${first.field}`, first.reason);
    }
    const publication = checked.value;

    const style = await this.style();
    const write = () =>
      this.prisma.$transaction(async (tx) => {
        const stored = await storePublication(tx, publication, { home: this.home, agencyId, publishedBy: context.principal.sub, style });
        const answered = publication.answersRequest
          ? await this.requests.completeWithPublication(tx, publication.answersRequest, { verificationId: stored.verificationId, memberIdNumbers: publication.household.members.map((m) => m.idNumber) }, context)
          : null;
        return { stored, answered };
      });
    let result;
    try {
      result = await write().catch((error) => (isUniqueViolation(error) ? write() : Promise.reject(error)));
    } catch (error) {
      if (error instanceof PublicationConflict) throw badUserInput(`input.${error.problem.field}`, error.problem.reason);
      throw error;
    }
    const { stored, answered } = result;
    const answeredRequest = answered ? await this.requests.tellRequester(answered, context) : null;
    return { outcome: stored.outcome, verificationId: stored.verificationId, externalRef: publication.externalRef, version: stored.version, supersededId: stored.supersededId, answeredRequest };
  }

  /**
   * The centre withdraws its current result under a report number (撤回): the version stays
   * readable, marked withdrawn, and the change feed carries WITHDRAWN. Withdrawing again is a no-op.
   */
  async withdraw(externalRef: string, reason: string, context: RequestContext): Promise<PublishAnswer> {
    const agencyId = await this.publishingCentre(context);
    const why = reason.trim();
    if (why.length < 1 || why.length > 500) throw badUserInput("reason", "must be 1–500 characters");
    // Read with its household's members: they are whom the withdrawal is about, and the data-access
    // layer names the persons it reads in this request's audit entry (src/db/subjectCaptureExtension.ts).
    const latest = await this.prisma.householdVerification.findFirst({
      where: { reportNumber: externalRef, agencyId },
      orderBy: { version: "desc" },
      include: { household: { select: { members: { select: { idNumber: true } } } } },
    });
    if (!latest) throw badUserInput("externalRef", "no result of yours under this report number");
    if (!latest.withdrawnAt) {
      const style = await this.style();
      await this.prisma.$transaction(async (tx) => {
        const now = new Date();
        await tx.householdVerification.update({ where: { id: latest.id }, data: { withdrawnAt: now, withdrawalReason: why } });
        await appendChanges(tx, style, [{ verificationId: latest.id, reportNumber: externalRef, version: latest.version, kind: "WITHDRAWN", changedAt: now }]);
      });
    }
    return { outcome: "WITHDRAWN", verificationId: latest.id, externalRef, version: latest.version, supersededId: null, answeredRequest: null };
  }

  private style(): Promise<PlaceholderStyle> {
    this.#style ??= placeholderStyleOf(this.prisma);
    return this.#style;
  }

  /**
   * Only a verification centre of this node's own province publishes here, directly (never
   * through a peer), under its registered agency.
   */
  private async publishingCentre(context: RequestContext): Promise<string> {
    const { principal } = context;
    if (principal.forwardedBy || principal.region !== this.home) {
      throw forbidden("a verification centre publishes only to its own province's node", { reasonCode: "REGION_NOT_PERMITTED" });
    }
    const agency = await this.prisma.agency.findUnique({ where: { id: principal.agency }, select: { region: true, kind: true } });
    if (!agency || agency.region !== this.home || agency.kind !== "VERIFICATION_CENTRE") {
      throw forbidden(`agency ${principal.agency} is not a registered verification centre of ${this.home}`, { reasonCode: "AGENCY_NOT_VERIFICATION_CENTRE" });
    }
    return principal.agency;
  }
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === UNIQUE_VIOLATION;
}
