/**
 * The leaders' work schedule's part of the socket contract: payloads as TypeBox schemas (the
 * types derive from them) and their entries in the contract's registry. Browser-safe; prose
 * and examples are in `schedule-events.asyncapi.ts`.
 */
import { DateTime, Nullable, PersonRef, StringEnum, UnitRef, Uuid, PayloadsOf } from '@lt/realtime/contract';
import { type Static, Type } from '@sinclair/typebox';

export const WORK_SCHEDULE_STATES = ['draft', 'published'] as const;
/** draft: the office prepares it, only drafters and the unit's leaders see it; published: everyone concerned. */
export type WorkScheduleState = (typeof WORK_SCHEDULE_STATES)[number];

export const WORK_SCHEDULE_CHANGES = ['added', 'changed', 'cancelled'] as const;
export type WorkScheduleChange = (typeof WORK_SCHEDULE_CHANGES)[number];

/** A week's schedule as events and lists carry it. */
export const WorkScheduleSummary = Type.Object(
  {
    id: Uuid('Schedule id.'),
    unit: UnitRef('The unit whose leaders it plans. / Đơn vị.'),
    week: Type.String({ description: 'ISO week in Vietnam time, e.g. `2026-W50`. / Tuần.' }),
    state: StringEnum(WORK_SCHEDULE_STATES, {
      description: '`draft` (dự thảo) or `published` (đã ban hành).',
    }),
    revision: Type.Integer({
      minimum: 0,
      description: 'Changes since it was published (0: as published). / Số lần điều chỉnh.',
    }),
    publishedAt: Nullable(DateTime('When the head published it; null while a draft.')),
  },
  {
    $id: 'WorkScheduleSummary',
    description: "A unit's leaders' weekly work schedule. / Lịch công tác tuần.",
  },
);
export type WorkScheduleSummary = Static<typeof WorkScheduleSummary>;

export const WorkSchedulePublishedPayload = Type.Object(
  {
    schedule: WorkScheduleSummary,
    entries: Type.Integer({ minimum: 0, description: 'How many engagements it holds.' }),
    by: PersonRef('The head who published it.'),
    at: DateTime('When.'),
  },
  { $id: 'WorkSchedulePublishedPayload' },
);

export const WorkScheduleChangedPayload = Type.Object(
  {
    schedule: WorkScheduleSummary,
    changes: Type.Array(
      Type.Object({
        entryId: Uuid('The engagement.'),
        change: StringEnum(WORK_SCHEDULE_CHANGES, {
          description: '`added` (bổ sung), `changed` (thay đổi) or `cancelled` (hủy).',
        }),
        startsAt: DateTime('When it takes place (after the change).'),
        content: Type.String({ description: 'What it is. / Nội dung.' }),
      }),
      { description: 'What changed. / Nội dung điều chỉnh.' },
    ),
    by: PersonRef('Who changed it.'),
    at: DateTime('When.'),
  },
  { $id: 'WorkScheduleChangedPayload' },
);

export const SCHEDULE_FEED_EVENTS = {
  /** A schedule of your unit or of a unit above yours was published. */
  'schedule.published': WorkSchedulePublishedPayload,
  /** A published schedule changed an engagement you attend, or one of your unit's. */
  'schedule.changed': WorkScheduleChangedPayload,
};

declare module '@lt/realtime/contract' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this capability's events to the registry
  interface FeedPayloads extends PayloadsOf<typeof SCHEDULE_FEED_EVENTS> {}
}
