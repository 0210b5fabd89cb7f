import { randomUUID } from "node:crypto";
import { otherRegion, regionTag, type Region } from "../config";
import type { PeerLink, RequestContext } from "../context";
import type { DatabaseTransaction, PrismaClient } from "../db";
import { badUserInput, forbidden, notFound, peerUnavailable } from "../errors";
import { parseIdentityNumber } from "../identity";
import type { VerificationRequestState } from "./verificationRequestTypes";

type Program = "MLG" | "SPECIAL_HARDSHIP" | "TEMP_ASSISTANCE" | "LOW_INCOME";

/** Allowed moves; anything else is refused, so a completed request never reopens. */
const TRANSITIONS: Record<VerificationRequestState, VerificationRequestState[]> = {
  REQUESTED: ["IN_PROGRESS", "DECLINED"],
  IN_PROGRESS: ["COMPLETED", "DECLINED"],
  COMPLETED: [],
  DECLINED: [],
};
const FINAL: VerificationRequestState[] = ["COMPLETED", "DECLINED"];

function validIdNumber(raw: string, field: string): string {
  const parsed = parseIdentityNumber(raw);
  if (!parsed.ok) throw badUserInput(field, `${parsed.problem}: ${parsed.message}`);
  return parsed.value;
}

function validReason(reason: string, field: string): string {
  const trimmed = reason.trim();
  if (trimmed.length < 1 || trimmed.length > 500) throw badUserInput(field, "must be 1–500 characters");
  return trimmed;
}

/**
 * Cross-province verification requests (跨省协查). The requesting node stores a request only
 * after the target node has accepted it (no half-written requests); the target's verification
 * officers move it forward on their own node; the requesting node reads the state back from the
 * target when asked, so neither side pushes into the other.
 */
export class VerificationRequestService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly home: Region,
    private readonly peers: PeerLink,
    /** Told of each request delivered here for the first time (subscriptions, webhooks). */
    private readonly onReceived: (request: Record<string, unknown>) => void = () => undefined,
  ) {}

  private asView<T extends object>(row: T) {
    return { ...row, region: this.home };
  }

  async request(input: { idNumber: string; targetRegion: Region; program: Program; reason: string }, context: RequestContext) {
    const idNumber = validIdNumber(input.idNumber, "input.idNumber");
    if (input.targetRegion === this.home) throw badUserInput("input.targetRegion", "must be the other province: this node verifies its own registrations directly");
    const reason = validReason(input.reason, "input.reason");
    const id = `${regionTag(this.home)}-VR-${randomUUID()}`;
    const answer = await this.peers.ask(
      input.targetRegion,
      {
        query: "mutation Deliver($input: IncomingVerificationRequestInput!) { acceptVerificationRequest(input: $input) { id state } }",
        variables: { input: { id, idNumber, program: input.program, reason } },
      },
      context,
    );
    if (!answer.data?.acceptVerificationRequest) {
      throw peerUnavailable(input.targetRegion, String(answer.errors[0]?.message ?? "the request was not accepted"));
    }
    const row = await this.prisma.crossRegionVerificationRequest.create({
      data: {
        id,
        requestingRegion: this.home,
        targetRegion: input.targetRegion,
        requesterSub: context.principal.sub,
        requesterAgency: context.principal.agency,
        subjectIdNumber: idNumber,
        program: input.program,
        reason,
        purpose: context.purpose ?? "",
        caseRef: context.caseRef ?? "",
      },
    });
    return this.asView(row);
  }

  /** The target side: only a peer node may deliver, and only for its own region's officers. */
  async accept(input: { id: string; idNumber: string; program: Program; reason: string }, context: RequestContext) {
    const hop = context.principal.forwardedBy;
    if (!hop) throw forbidden("only the requesting province's node may deliver a verification request", { reasonCode: "PEER_ONLY" });
    const idNumber = validIdNumber(input.idNumber, "input.idNumber");
    if (!input.id.startsWith(`${regionTag(context.principal.region)}-VR-`)) throw badUserInput("input.id", "must be an id of the requesting region");
    const existing = await this.prisma.crossRegionVerificationRequest.findUnique({ where: { id: input.id } });
    if (existing) return this.asView(existing); // a retried delivery is the same request
    const row = await this.prisma.crossRegionVerificationRequest.create({
      data: {
        id: input.id,
        requestingRegion: context.principal.region,
        targetRegion: this.home,
        requesterSub: context.principal.sub,
        requesterAgency: context.principal.agency,
        subjectIdNumber: idNumber,
        program: input.program,
        reason: validReason(input.reason, "input.reason"),
        purpose: context.purpose ?? "",
        caseRef: context.caseRef ?? "",
      },
    });
    const view = this.asView(row);
    this.onReceived(view);
    return view;
  }

  async update(id: string, change: { state: VerificationRequestState; resultVerificationId?: string | null; declineReason?: string | null }, context: RequestContext) {
    const row = await this.prisma.crossRegionVerificationRequest.findUnique({ where: { id } });
    if (!row || row.targetRegion !== this.home) throw notFound(`verification request ${id} addressed to ${this.home}`);
    if (context.principal.region !== this.home) throw forbidden("requests are handled by the target province's own officers", { reasonCode: "REGION_NOT_PERMITTED" });
    const from = row.state as VerificationRequestState;
    if (!TRANSITIONS[from].includes(change.state)) throw badUserInput("state", `cannot move from ${from} to ${change.state}`);
    if (change.state === "DECLINED" && !change.declineReason?.trim()) throw badUserInput("declineReason", "required when declining");
    if (change.state === "COMPLETED") await this.checkResult(change.resultVerificationId, row.subjectIdNumber);
    const updated = await this.prisma.crossRegionVerificationRequest.update({
      where: { id },
      data: {
        state: change.state,
        handledBy: context.principal.sub,
        ...(change.state === "COMPLETED" ? { resultVerificationId: change.resultVerificationId } : {}),
        ...(change.state === "DECLINED" ? { declineReason: change.declineReason!.trim() } : {}),
      },
    });
    return this.asView(updated);
  }

  /** A completed request must point at a verification, held here, of a household the subject belongs to. */
  private async checkResult(resultVerificationId: string | null | undefined, subjectIdNumber: string): Promise<void> {
    if (!resultVerificationId) throw badUserInput("resultVerificationId", "required when completing");
    const verification = await this.prisma.householdVerification.findUnique({ where: { id: resultVerificationId }, select: { householdId: true } });
    if (!verification) throw badUserInput("resultVerificationId", "no such verification at this node");
    const member = await this.prisma.householdMember.findFirst({ where: { householdId: verification.householdId, idNumber: subjectIdNumber }, select: { id: true } });
    if (!member) throw badUserInput("resultVerificationId", "that verification is not of the subject's household");
  }

  /**
   * Inside a publication's transaction: the result answers a request addressed to this province
   * that is still open, about a member of the published household; the request is completed here.
   */
  async completeWithPublication(tx: DatabaseTransaction, id: string, result: { verificationId: string; memberIdNumbers: string[] }, context: RequestContext) {
    const row = await tx.crossRegionVerificationRequest.findUnique({ where: { id } });
    if (!row) throw badUserInput("input.answersRequest", "no such request at this node");
    if (row.targetRegion !== this.home) throw badUserInput("input.answersRequest", `names another province's request (addressed to ${row.targetRegion})`);
    if (FINAL.includes(row.state as VerificationRequestState)) throw badUserInput("input.answersRequest", `the request is already closed (${row.state})`);
    if (!result.memberIdNumbers.includes(row.subjectIdNumber)) throw badUserInput("input.answersRequest", "the request's subject is not a member of the published household");
    const updated = await tx.crossRegionVerificationRequest.update({
      where: { id },
      data: { state: "COMPLETED", resultVerificationId: result.verificationId, handledBy: context.principal.sub },
    });
    return this.asView(updated);
  }

  /**
   * After the publication committed: the requesting node is told at once, so the request is
   * COMPLETED at both nodes. If it does not answer, its copy still catches up the next time it is
   * read (refreshFromTarget); the publication stands either way.
   */
  async tellRequester<T extends { id: string; requestingRegion: string; resultVerificationId: string | null; handledBy: string | null }>(row: T, context: RequestContext): Promise<T> {
    const answer = await this.peers.ask(
      row.requestingRegion as Region,
      {
        query: "mutation Outcome($input: VerificationOutcomeInput!) { recordVerificationOutcome(input: $input) { id state } }",
        variables: { input: { id: row.id, resultVerificationId: row.resultVerificationId, handledBy: row.handledBy } },
      },
      context,
    );
    if (!answer.data?.recordVerificationOutcome) {
      context.deferredErrors.push({
        message: `the ${row.requestingRegion} node was not told yet; it will read the completed state when the request is next read`,
        path: ["publishHouseholdVerification", "answeredRequest"],
        extensions: { code: "PEER_UNAVAILABLE", region: row.requestingRegion },
      });
    }
    return row;
  }

  /** The requesting side: the target province's node reports that a request was completed. */
  async recordOutcome(input: { id: string; resultVerificationId: string; handledBy: string }, context: RequestContext) {
    const hop = context.principal.forwardedBy;
    if (!hop) throw forbidden("only the target province's node may report an outcome", { reasonCode: "PEER_ONLY" });
    const row = await this.prisma.crossRegionVerificationRequest.findUnique({ where: { id: input.id } });
    if (!row || row.requestingRegion !== this.home || row.targetRegion !== hop.node) throw notFound(`verification request ${input.id} made by ${this.home} of ${hop.node}`);
    if (row.state === "COMPLETED" && row.resultVerificationId === input.resultVerificationId) return this.asView(row);
    if (row.state === "DECLINED") throw badUserInput("input.id", "the request was declined");
    const updated = await this.prisma.crossRegionVerificationRequest.update({
      where: { id: row.id },
      data: { state: "COMPLETED", resultVerificationId: input.resultVerificationId, handledBy: input.handledBy },
    });
    return this.asView(updated);
  }

  private visibleTo(row: { requestingRegion: string; targetRegion: string }, context: RequestContext): boolean {
    return row.requestingRegion === context.principal.region || row.targetRegion === context.principal.region;
  }

  async get(id: string, context: RequestContext) {
    const row = await this.prisma.crossRegionVerificationRequest.findUnique({ where: { id } });
    if (!row || !this.visibleTo(row, context)) return null;
    const ours = row.requestingRegion === this.home && !context.principal.forwardedBy;
    if (!ours || FINAL.includes(row.state as VerificationRequestState)) return this.asView(row);
    return this.asView(await this.refreshFromTarget(row, context));
  }

  /** Reads the target node's state and keeps it here; a silent target leaves the last known state. */
  private async refreshFromTarget(row: Awaited<ReturnType<PrismaClient["crossRegionVerificationRequest"]["findUniqueOrThrow"]>>, context: RequestContext) {
    const target = otherRegion(this.home);
    try {
      const answer = await this.peers.ask(
        target,
        { query: "query State($id: ID!) { verificationRequest(id: $id) { state resultVerificationId declineReason handledBy } }", variables: { id: row.id } },
        context,
      );
      const remote = answer.data?.verificationRequest as { state: VerificationRequestState; resultVerificationId: string | null; declineReason: string | null; handledBy: string | null } | null;
      if (!remote || remote.state === row.state) return row;
      return this.prisma.crossRegionVerificationRequest.update({
        where: { id: row.id },
        data: { state: remote.state, resultVerificationId: remote.resultVerificationId, declineReason: remote.declineReason, handledBy: remote.handledBy },
      });
    } catch (error) {
      context.deferredErrors.push({ message: `the ${target} node did not answer; showing the last known state`, path: ["verificationRequest"], extensions: { code: "PEER_UNAVAILABLE", region: target } });
      return row;
    }
  }

  async list(state: VerificationRequestState | null | undefined, context: RequestContext) {
    const rows = await this.prisma.crossRegionVerificationRequest.findMany({
      where: { OR: [{ requestingRegion: context.principal.region }, { targetRegion: context.principal.region }], ...(state ? { state } : {}) },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 100,
    });
    return rows.map((r) => this.asView(r));
  }
}
