/**
 * What the AsyncAPI document says about the work schedule's events: prose and examples,
 * typed by the payloads. Server only; the schemas are in `schedule-events.ts`.
 */
import { EXAMPLE_IDS as EX, type FeedEventDocs } from '@lt/realtime';
import {
  SCHEDULE_FEED_EVENTS,
  WorkScheduleChangedPayload,
  WorkSchedulePublishedPayload,
  type WorkScheduleSummary,
} from './schedule-events';

const EXAMPLE_SCHEDULE: WorkScheduleSummary = {
  id: '8a0c2e4b-6d8f-4a0c-9e4b-6d8f0a2c4e6b',
  unit: { id: EX.issuingUnit, name: 'Ủy ban nhân dân thành phố Đà Nẵng' },
  week: '2026-W10',
  state: 'published',
  revision: 1,
  publishedAt: '2026-02-27T09:00:00.000Z',
};

export const SCHEDULE_FEED_DOCS: FeedEventDocs<keyof typeof SCHEDULE_FEED_EVENTS> = {
  'schedule.published': {
    summary: "The leaders' work schedule of a week was published / Đã ban hành lịch công tác tuần",
    description:
      'To everyone holding a position in the unit or in a unit below it. Gửi cán bộ của đơn vị và các đơn vị ' +
      'trực thuộc.',
    payload: WorkSchedulePublishedPayload,
    example: {
      schedule: EXAMPLE_SCHEDULE,
      entries: 9,
      by: { id: EX.signer, fullName: 'Nguyễn Văn An' },
      at: EX.now,
    },
  },
  'schedule.changed': {
    summary: 'A published work schedule changed / Lịch công tác tuần có điều chỉnh',
    description:
      'To the leaders attending the engagements changed (before and after the change) and the unit’s leaders ' +
      'and drafters; the engagements are marked changed or cancelled in the schedule. Gửi lãnh đạo dự các ' +
      'cuộc họp được điều chỉnh và người soạn lịch.',
    payload: WorkScheduleChangedPayload,
    example: {
      schedule: EXAMPLE_SCHEDULE,
      changes: [
        {
          entryId: '0c2e4b6d-8f0a-4c2e-8b6d-8f0a2c4e6b8d',
          change: 'changed',
          startsAt: '2026-03-03T07:00:00.000Z',
          content: 'Họp Ban Chỉ đạo phòng, chống thiên tai',
        },
      ],
      by: { id: EX.user, fullName: 'Trần Thị Bình' },
      at: EX.now,
    },
  },
};
