import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { perRequest, rowScopeOf, DateTimeScalar, type RequestContext } from "../context";
import { databaseBatchLoader } from "../db";
import type { DnaComparisonService } from "./dnaComparisonService";
import type { MissingReportClosureService } from "./missingReportClosureService";
import { MissingPersonReport } from "./missingPersonReportType";
import type { ReliefDispositionService } from "./reliefDispositionService";
import {
  CloseMissingPersonReportInput,
  CloseMissingPersonReportPayload,
  DnaComparison,
  DnaComparisonResultInput,
  DnaSampleRequestInput,
  MissingReportClosure,
  OverdueReliefNotice,
  RecordReliefDispositionPayload,
  ReliefDispositionChange,
  ReliefDispositionInput,
} from "./reliefLifecycleTypes";
import type { ReliefNoticeService } from "./reliefNoticeService";
import { ReliefRecord } from "./reliefRecordType";

// A relief record's life after intake, as GraphQL: disposition steps, DNA comparisons and the
// 寻亲 notice (this class), and the closing of missing-person reports (the next). Resolvers map
// arguments; services decide. The persons touched are noted where rows are read (src/db).

const LOADERS = Symbol("relief lifecycle loaders");

@Resolver(() => ReliefRecord)
export class ReliefLifecycleResolver {
  constructor(
    private readonly dispositions: ReliefDispositionService,
    private readonly dna: DnaComparisonService,
    private readonly notices: ReliefNoticeService,
  ) {}

  private loaders(context: RequestContext) {
    return perRequest(context, LOADERS, () => ({
      history: databaseBatchLoader(async (ids: readonly string[]) => {
        const byRecord = await this.dispositions.history(ids);
        return ids.map((id) => byRecord.get(id) ?? []);
      }),
      dna: databaseBatchLoader(async (ids: readonly string[]) => {
        const byRecord = await this.dna.forRecords(ids);
        return ids.map((id) => byRecord.get(id) ?? []);
      }),
    }));
  }

  @FieldResolver(() => [ReliefDispositionChange], { nullable: true, description: "Every disposition step, oldest first (去向变更记录)." })
  dispositionHistory(@Root() record: ReliefRecord, @Ctx() context: RequestContext): Promise<ReliefDispositionChange[]> {
    return this.loaders(context).history.load(record.id);
  }

  @FieldResolver(() => [DnaComparison], { nullable: true, description: "DNA comparisons requested for this person (DNA比对协查)." })
  dnaComparisons(@Root() record: ReliefRecord, @Ctx() context: RequestContext): Promise<DnaComparison[]> {
    return this.loaders(context).dna.load(record.id);
  }

  @Mutation(() => RecordReliefDispositionPayload, {
    description:
      "Records a step in a relief record's disposition (去向变更): 接送返回, 落户安置, 转介, 自行离站, 死亡, or back in care. " +
      "A step the disposition graph does not allow is refused as BAD_USER_INPUT with extensions.reasonCode TRANSITION_NOT_ALLOWED.",
  })
  async recordReliefDisposition(@Arg("input", () => ReliefDispositionInput) input: ReliefDispositionInput, @Ctx() context: RequestContext): Promise<RecordReliefDispositionPayload> {
    const result = await this.dispositions.record(input, context.principal, rowScopeOf(context, "ReliefRecord"));
    return result.payload;
  }

  @Mutation(() => DnaComparison, { description: "The police liaison records that a DNA sample was sent for comparison (DNA送检)." })
  async recordDnaSampleRequest(@Arg("input", () => DnaSampleRequestInput) input: DnaSampleRequestInput, @Ctx() context: RequestContext): Promise<DnaComparison> {
    const result = await this.dna.request(input, context.principal, rowScopeOf(context, "ReliefRecord"));
    return result.comparison;
  }

  @Mutation(() => DnaComparison, { description: "The police liaison records the laboratory's result: MATCH (the person is identified) or NO_MATCH, with its reference (比对结果)." })
  async recordDnaComparisonResult(@Arg("input", () => DnaComparisonResultInput) input: DnaComparisonResultInput, @Ctx() context: RequestContext): Promise<DnaComparison> {
    const result = await this.dna.recordResult(input, context.principal, rowScopeOf(context, "ReliefRecord"));
    return result.comparison;
  }

  @Query(() => [OverdueReliefNotice], { description: "Unidentified people of this province whose 寻亲 notice is past its 24-hour deadline and not yet published, longest overdue first (寻亲公告超时)." })
  async overdueReliefNotices(
    @Ctx() context: RequestContext,
    @Arg("stationId", () => String, { nullable: true, description: "Only this station's records." }) stationId?: string | null,
    @Arg("first", () => Int, { nullable: true, description: "How many, 1–100 (default 20)." }) first?: number | null,
  ): Promise<OverdueReliefNotice[]> {
    const result = await this.notices.overdue(stationId, first, rowScopeOf(context, "ReliefRecord"));
    return result.notices;
  }

  @Mutation(() => ReliefRecord, { description: "Records that the 寻亲 notice of a relief record was published (寻亲公告发布), once." })
  async recordReliefNoticePublished(
    @Arg("reliefRecordId", () => ID, { description: "The relief record, of this node's province." }) reliefRecordId: string,
    @Arg("reference", () => String, { description: "The notice's number or address (e.g. on 全国救助寻亲网)." }) reference: string,
    @Ctx() context: RequestContext,
    @Arg("publishedAt", () => DateTimeScalar, { nullable: true, description: "When it was published; default now." }) publishedAt?: Date | null,
  ): Promise<ReliefRecord> {
    const result = await this.notices.recordPublished(reliefRecordId, publishedAt, reference, context.principal, rowScopeOf(context, "ReliefRecord"));
    return result.record;
  }
}

const CLOSURE_LOADER = Symbol("missing report closure loader");

@Resolver(() => MissingPersonReport)
export class MissingReportClosureResolver {
  constructor(private readonly closures: MissingReportClosureService) {}

  @FieldResolver(() => MissingReportClosure, { nullable: true, description: "How and by whom the report was closed, once it is (结案记录)." })
  closure(@Root() report: MissingPersonReport, @Ctx() context: RequestContext): Promise<MissingReportClosure | null> {
    const loader = perRequest(context, CLOSURE_LOADER, () =>
      databaseBatchLoader(async (ids: readonly string[]) => {
        const byReport = await this.closures.closureOf(ids);
        return ids.map((id) => byReport.get(id) ?? null);
      }),
    );
    return loader.load(report.id);
  }

  @Mutation(() => CloseMissingPersonReportPayload, {
    description: "Closes a missing-person report as FOUND (linked to the person's relief record) or WITHDRAWN (寻亲登记结案). Confirming a match alert closes its report as found by itself.",
  })
  async closeMissingPersonReport(@Arg("input", () => CloseMissingPersonReportInput) input: CloseMissingPersonReportInput, @Ctx() context: RequestContext): Promise<CloseMissingPersonReportPayload> {
    const result = await this.closures.close(input, context.principal, rowScopeOf(context, "MissingPersonReport"));
    return result.payload;
  }
}
