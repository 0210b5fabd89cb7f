import type { Region } from "../config";
import { readWithinScope, type Principal, type RowScope } from "../context";
import type { PrismaClient } from "../db";
import { badUserInput, notFound } from "../errors";
import { pageSize } from "../pagination";
import { NOTICE_DEADLINE_MS, noticeDueAt } from "./noticeDeadline";
import { refusedInput, requireHoldingStation, requireHomeOfficer } from "./lifecycleRules";
import { text } from "./reliefInput";
import { OverdueReliefNotice } from "./reliefLifecycleTypes";
import { ReliefRecord } from "./reliefRecordType";

// Tracks the 24-hour deadline of an unidentified person's 寻亲 notice (noticeDeadline.ts says
// where the rule comes from) and records that a notice went out.

const MAX_REFERENCE = 200;

export interface NoticeResult {
  record: ReliefRecord;
  subjects: string[];
}

export class ReliefNoticeService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly home: Region,
    private readonly now: () => Date,
  ) {}

  /**
   * Unidentified people of this node whose notice is past due and not published, the longest
   * overdue first. `scope` is the caller's row rule for relief records (the station's area in
   * their jurisdiction): a condition of the query, so a record outside it is never read.
   */
  async overdue(stationId: string | null | undefined, first: number | null | undefined, scope: RowScope): Promise<{ notices: OverdueReliefNotice[]; subjects: string[] }> {
    const now = this.now();
    const due = {
      identityStatus: "UNIDENTIFIED" as const,
      noticePublishedAt: null,
      createdAt: { lt: new Date(now.getTime() - NOTICE_DEADLINE_MS) },
      ...(stationId ? { stationId } : {}),
    };
    const rows = await this.prisma.reliefRecord.findMany({
      where: { AND: [scope.where, due] },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: pageSize(first),
    });
    const notices = rows.map((row) => {
      const dueAt = noticeDueAt(row.createdAt);
      return Object.assign(new OverdueReliefNotice(), {
        reliefRecordId: row.id,
        stationId: row.stationId,
        registeredAt: row.createdAt,
        dueAt,
        hoursOverdue: Math.round((now.getTime() - dueAt.getTime()) / 360_000) / 10,
        reliefRecord: ReliefRecord.fromRow(row),
      });
    });
    return { notices, subjects: rows.map((r) => r.idNumber).filter((s): s is string => Boolean(s)) };
  }

  /** `scope`: the caller's row rule for relief records; a record outside it is refused (OUTSIDE_JURISDICTION) before anything is written. */
  async recordPublished(reliefRecordId: string, publishedAt: Date | null | undefined, noticeReference: string, principal: Principal, scope: RowScope): Promise<NoticeResult> {
    requireHomeOfficer(principal, this.home);
    const record = await readWithinScope(
      scope,
      `relief record ${reliefRecordId}`,
      (inScope) => this.prisma.reliefRecord.findFirst({ where: { AND: [{ id: reliefRecordId }, inScope] } }),
      () => this.prisma.reliefRecord.count({ where: { id: reliefRecordId } }),
    );
    if (!record) throw notFound(`relief record ${reliefRecordId}`);
    requireHoldingStation(principal, record.stationId);
    if (record.noticePublishedAt) {
      throw refusedInput("reliefRecordId", `the notice of ${record.id} was recorded as published at ${record.noticePublishedAt.toISOString()}`, "NOTICE_ALREADY_PUBLISHED");
    }
    const reference = text(noticeReference, "reference", MAX_REFERENCE);
    if (!reference) throw badUserInput("reference", "must not be empty: the notice number or address");
    const at = publishedAt ?? this.now();
    if (at > this.now()) throw badUserInput("publishedAt", "must not be in the future");
    if (at < record.createdAt) throw badUserInput("publishedAt", "must not be before the record was registered");
    const { count } = await this.prisma.reliefRecord.updateMany({
      where: { id: record.id, noticePublishedAt: null },
      data: { noticePublishedAt: at, noticeReference: reference, noticePublishedBy: principal.sub },
    });
    if (count === 0) throw refusedInput("reliefRecordId", `the notice of ${record.id} was recorded meanwhile`, "NOTICE_ALREADY_PUBLISHED");
    const updated = await this.prisma.reliefRecord.findUniqueOrThrow({ where: { id: record.id } });
    return { record: ReliefRecord.fromRow(updated), subjects: updated.idNumber ? [updated.idNumber] : [] };
  }
}
