/**
 * The weekly briefing's part of the socket contract: its payloads as TypeBox schemas (the
 * types derive from them) and their entries in the contract's registry. Browser-safe: TypeBox
 * and the generic contract only; prose and examples are in `briefing-events.asyncapi.ts`.
 */
import { DateTime, Nullable, PersonRef, StringEnum, UnitRef, Uuid, PayloadsOf } from '@lt/realtime/contract';
import { type Static, Type } from '@sinclair/typebox';

export const BRIEFING_SECTIONS = ['done', 'plan', 'issues'] as const;
/** The three parts of a weekly report: kết quả tuần trước, kế hoạch tuần này, khó khăn, vướng mắc, đề xuất. */
export type BriefingSection = (typeof BRIEFING_SECTIONS)[number];

export const BRIEFING_STATES = ['open', 'closed'] as const;
/** open: reports come in and the leaders comment; closed (kết thúc): read-only, archived. */
export type BriefingState = (typeof BRIEFING_STATES)[number];

export const BRIEFING_REPORTER_STATUSES = ['on_time', 'late', 'missing', 'pending'] as const;
/**
 * Where one expected reporter stands: on_time (first submitted by the cut-off), late (after it),
 * missing (nothing submitted, and the cut-off passed or the briefing closed), pending (nothing
 * yet, before the cut-off). A closed briefing's statuses are those at its close.
 */
export type BriefingReporterStatus = (typeof BRIEFING_REPORTER_STATUSES)[number];

/** A weekly briefing (giao ban) as events and lists carry it. */
export const BriefingSummary = Type.Object(
  {
    id: Uuid('Briefing id.'),
    unit: UnitRef('The unit whose briefing it is. / Đơn vị chủ trì giao ban.'),
    week: Type.String({ description: 'ISO week of the meeting in Vietnam time, e.g. `2026-W48`. / Tuần.' }),
    title: Type.String({ description: 'Tiêu đề.' }),
    meetingAt: DateTime('Thời gian họp — the meeting.'),
    cutoffAt: DateTime('Hạn nộp báo cáo — the cut-off for reports.'),
    state: StringEnum(BRIEFING_STATES, {
      description: '`open` (đang nhận báo cáo) or `closed` (đã kết thúc, read-only).',
    }),
    conclusion: Nullable(Type.String({ description: 'Kết luận, once closed; null while open.' })),
  },
  { $id: 'BriefingSummary', description: 'A weekly briefing (giao ban điện tử). / Giao ban tuần.' },
);
export type BriefingSummary = Static<typeof BriefingSummary>;

/** An expected reporter: a subordinate unit (its leaders submit for it), or a named person. */
export const BriefingReporterRef = Type.Object(
  {
    id: Uuid('Reporter id (within the briefing).'),
    unit: UnitRef('The reporting unit, or the unit the named person holds a position in.'),
    user: Nullable(PersonRef('The named person; null when a whole unit reports.')),
  },
  {
    $id: 'BriefingReporterRef',
    description:
      'An expected reporter: a subordinate unit (its leaders submit for it) or a named person. / Đơn vị, cá nhân báo cáo.',
  },
);
export type BriefingReporterRef = Static<typeof BriefingReporterRef>;

const count = (description: string) => Type.Integer({ description, minimum: 0 });

export const BriefingCounts = Type.Object(
  {
    expected: count('Expected reporters. / Số phải báo cáo.'),
    onTime: count('Submitted by the cut-off. / Nộp đúng hạn.'),
    late: count('First submitted after the cut-off. / Nộp muộn.'),
    missing: count('None, and the cut-off passed or the briefing closed. / Chưa nộp (quá hạn).'),
    pending: count('Nothing submitted yet, before the cut-off. / Chưa nộp (còn hạn).'),
    revisedAfterCutoff: count(
      'Reports resubmitted after the cut-off, also counted as on time or late by their first submission. / Sửa sau hạn.',
    ),
  },
  { $id: 'BriefingCounts', description: 'Where the reports stand. / Tình hình nộp báo cáo.' },
);
export type BriefingCounts = Static<typeof BriefingCounts>;

export const BriefingOpenedPayload = Type.Object(
  { briefing: BriefingSummary, by: PersonRef('The leader who opened it.'), at: DateTime('When.') },
  { $id: 'BriefingOpenedPayload' },
);

export const BriefingSubmittedPayload = Type.Object(
  {
    briefing: BriefingSummary,
    reporter: BriefingReporterRef,
    version: Type.Integer({
      description: '1 for the first submission, then one more per resubmission.',
      minimum: 1,
    }),
    late: Type.Boolean({ description: 'First submitted after the cut-off. / Nộp muộn.' }),
    /** The report stays on time or late by its first submission. */
    revisedAfterCutoff: Type.Boolean({
      description: 'This submission is a resubmission after the cut-off. / Sửa sau hạn.',
    }),
    by: PersonRef('Who submitted it.'),
    at: DateTime('When.'),
  },
  { $id: 'BriefingSubmittedPayload' },
);

export const BriefingCommentedPayload = Type.Object(
  {
    briefing: BriefingSummary,
    reporter: BriefingReporterRef,
    item: Type.Object(
      {
        id: Uuid('Item id.'),
        section: StringEnum(BRIEFING_SECTIONS, {
          description: '`done` kết quả tuần trước, `plan` kế hoạch tuần này, `issues` khó khăn, đề xuất.',
        }),
        text: Type.String({ description: 'The item as reported.' }),
      },
      { description: 'The item commented. / Mục được cho ý kiến.' },
    ),
    comment: Type.Object(
      {
        id: Uuid('Comment id.'),
        text: Type.String({ description: 'Its text.' }),
        author: PersonRef('The leader who wrote it.'),
        createdAt: DateTime('When.'),
      },
      { description: 'The comment. / Ý kiến của lãnh đạo.' },
    ),
  },
  { $id: 'BriefingCommentedPayload' },
);

export const BriefingClosedPayload = Type.Object(
  {
    briefing: BriefingSummary,
    counts: BriefingCounts,
    by: PersonRef('The leader who closed it.'),
    at: DateTime('When.'),
  },
  { $id: 'BriefingClosedPayload' },
);

export const BriefingReminderPayload = Type.Object(
  {
    briefing: BriefingSummary,
    reporter: BriefingReporterRef,
    hoursBefore: Type.Integer({
      description: 'BRIEFING_REMINDER_HOURS: how long before the cut-off.',
      minimum: 1,
    }),
  },
  { $id: 'BriefingReminderPayload' },
);

export const BRIEFING_FEED_EVENTS = {
  /** A briefing was opened that you report to, or (as another leader of its unit) follow. */
  'briefing.opened': BriefingOpenedPayload,
  /** A report was submitted (or resubmitted) to a briefing of a unit you lead. */
  'briefing.submitted': BriefingSubmittedPayload,
  /** A leader commented an item of a report you submit. */
  'briefing.commented': BriefingCommentedPayload,
  /** A briefing you report to (or follow) was closed with its conclusion. */
  'briefing.closed': BriefingClosedPayload,
  /** The cut-off is near and your report has not been submitted. */
  'briefing.reminder': BriefingReminderPayload,
};

declare module '@lt/realtime/contract' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this capability's events to the registry
  interface FeedPayloads extends PayloadsOf<typeof BRIEFING_FEED_EVENTS> {}
}
