/**
 * What the AsyncAPI document says about the weekly briefing's events: hand-written prose and
 * examples, typed by the payloads. Server only; the schemas are in `briefing-events.ts`.
 */
import { EXAMPLE_IDS as EX, type FeedEventDocs } from '@lt/realtime';
import {
  BRIEFING_FEED_EVENTS,
  BriefingClosedPayload,
  BriefingCommentedPayload,
  type BriefingCounts,
  BriefingOpenedPayload,
  BriefingReminderPayload,
  type BriefingReporterRef,
  BriefingSubmittedPayload,
  type BriefingSummary,
} from './briefing-events';

const EXAMPLE_BRIEFING: BriefingSummary = {
  id: '6c8e0b2d-4f6a-4c8e-8b2d-4f6a8c0e2b4d',
  unit: { id: EX.issuingUnit, name: 'Ủy ban nhân dân quận Sơn Trà' },
  week: '2026-W10',
  title: 'Giao ban tuần 10 năm 2026',
  meetingAt: '2026-03-02T00:30:00.000Z',
  cutoffAt: '2026-02-27T09:00:00.000Z',
  state: 'open',
  conclusion: null,
};

const EXAMPLE_BRIEFING_REPORTER: BriefingReporterRef = {
  id: '0b2d4f6a-8c0e-4b2d-9f6a-8c0e2b4d6f8a',
  unit: { id: EX.unit, name: 'Ủy ban nhân dân phường An Hải Bắc' },
  user: null,
};

const EXAMPLE_BRIEFING_COUNTS: BriefingCounts = {
  expected: 8,
  onTime: 6,
  late: 1,
  missing: 1,
  pending: 0,
  revisedAfterCutoff: 1,
};

export const BRIEFING_FEED_DOCS: FeedEventDocs<keyof typeof BRIEFING_FEED_EVENTS> = {
  'briefing.opened': {
    summary: 'A weekly briefing was opened / Đã mở giao ban tuần',
    description:
      'To the expected reporters (the leaders of each subordinate unit, and the named people) and the other ' +
      'leaders of the unit: submit your report before `cutoffAt`. Gửi các đơn vị, cá nhân phải báo cáo và ' +
      'lãnh đạo khác của đơn vị: nộp báo cáo trước hạn.',
    payload: BriefingOpenedPayload,
    example: { briefing: EXAMPLE_BRIEFING, by: { id: EX.signer, fullName: 'Nguyễn Văn An' }, at: EX.now },
  },
  'briefing.submitted': {
    summary: 'A report was submitted to a briefing / Đơn vị đã nộp báo cáo giao ban',
    description:
      'To the leaders of the briefing’s unit, on every submission and resubmission (`version`); `late` when ' +
      'first submitted after the cut-off, `revisedAfterCutoff` when resubmitted after it. Gửi lãnh đạo đơn vị ' +
      'chủ trì giao ban; `late` là nộp muộn, `revisedAfterCutoff` là sửa sau hạn.',
    payload: BriefingSubmittedPayload,
    example: {
      briefing: EXAMPLE_BRIEFING,
      reporter: EXAMPLE_BRIEFING_REPORTER,
      version: 1,
      late: false,
      revisedAfterCutoff: false,
      by: { id: EX.user, fullName: 'Trần Thị Bình' },
      at: EX.now,
    },
  },
  'briefing.commented': {
    summary: 'A leader commented an item of your report / Lãnh đạo cho ý kiến vào báo cáo',
    description:
      'To the reporter (the leaders of the reporting unit, or the named person). ' +
      'Gửi đơn vị, cá nhân đã báo cáo mục được cho ý kiến.',
    payload: BriefingCommentedPayload,
    example: {
      briefing: EXAMPLE_BRIEFING,
      reporter: EXAMPLE_BRIEFING_REPORTER,
      item: {
        id: EX.attachment,
        section: 'issues',
        text: 'Tiến độ giải phóng mặt bằng tuyến đường ven biển chậm.',
      },
      comment: {
        id: EX.otherUser,
        text: 'Phường khẩn trương làm việc với các hộ dân, báo cáo trước thứ Sáu.',
        author: { id: EX.signer, fullName: 'Nguyễn Văn An' },
        createdAt: EX.now,
      },
    },
  },
  'briefing.closed': {
    summary: 'A briefing was closed with its conclusion / Đã kết thúc giao ban',
    description:
      'To every reporter and the other leaders of the unit: the conclusion (kết luận) is final and the ' +
      'briefing is archived, read-only. Gửi các đơn vị, cá nhân báo cáo: kết luận giao ban.',
    payload: BriefingClosedPayload,
    example: {
      briefing: {
        ...EXAMPLE_BRIEFING,
        state: 'closed',
        conclusion:
          'Các phường tập trung hoàn thành kế hoạch tuần; phường An Hải Bắc báo cáo tiến độ giải phóng mặt bằng.',
      },
      counts: EXAMPLE_BRIEFING_COUNTS,
      by: { id: EX.signer, fullName: 'Nguyễn Văn An' },
      at: EX.now,
    },
  },
  'briefing.reminder': {
    summary: 'Your briefing report is due soon / Sắp hết hạn nộp báo cáo giao ban',
    description:
      'Sent once, BRIEFING_REMINDER_HOURS before the cut-off, to expected reporters who have not submitted. ' +
      'Gửi một lần trước hạn nộp cho đơn vị, cá nhân chưa nộp báo cáo.',
    payload: BriefingReminderPayload,
    example: { briefing: EXAMPLE_BRIEFING, reporter: EXAMPLE_BRIEFING_REPORTER, hoursBefore: 24 },
  },
};
