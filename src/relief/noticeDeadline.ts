// The 寻亲 notice (寻亲公告) of an unidentified person is due within 24 hours: the 2015 民政部/公安部
// rules as restated in docs/facts/standards.md §5 (⚠️ secondary source: a repost of 京华时报).
// The clock runs from registration (the record's createdAt), the moment the station took the
// person in; a person identified before the deadline needs no notice.

export const NOTICE_DEADLINE_MS = 24 * 60 * 60 * 1000;

export const noticeDueAt = (registeredAt: Date): Date => new Date(registeredAt.getTime() + NOTICE_DEADLINE_MS);
