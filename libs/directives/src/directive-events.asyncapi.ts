/**
 * What the AsyncAPI document says about the directives' events: hand-written prose and
 * examples, typed by the payloads (so an example cannot drift from its schema). Server only;
 * the schemas are in `directive-events.ts`.
 */
import {
  type ClientRequestDocs,
  EXAMPLE_IDS as EX,
  type FeedEventDocs,
  type LiveEventDocs,
  REALTIME_LIMITS,
} from '@lt/realtime';
import {
  DIRECTIVE_REQUESTS,
  DirectiveEscalatedPayload,
  DirectiveProgressEvent,
  DirectiveRecalledPayload,
  DirectiveReminderPayload,
  DirectiveSummary,
  type ProgressCounts,
  type ReceiptView,
} from './directive-events';

export const EXAMPLE_DIRECTIVE: DirectiveSummary = {
  id: EX.directive,
  notation: '29/CT-UBND',
  number: 29,
  year: 2026,
  type: 'CT',
  subject: 'Về tăng cường phòng cháy, chữa cháy rừng mùa khô năm 2026',
  body: 'Chủ tịch Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành và Ủy ban nhân dân các xã triển khai ngay các biện pháp sau...',
  urgency: 2,
  issuingUnit: { id: EX.issuingUnit, name: 'Ủy ban nhân dân tỉnh' },
  signer: { id: EX.signer, fullName: 'Nguyễn Văn An' },
  onBehalfOf: null,
  issuedAt: EX.issuedAt,
  ackRequired: true,
  ackDueAt: EX.ackDueAt,
  attachments: [
    {
      id: EX.attachment,
      fileName: '29-CT-UBND.pdf',
      contentType: 'application/pdf',
      size: 184320,
      sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    },
  ],
  recalledAt: null,
  recallReason: null,
};

const EXAMPLE_RECEIPT: ReceiptView = {
  directiveId: EX.directive,
  userId: EX.user,
  unitId: EX.unit,
  state: 'read',
  deliveredAt: '2026-03-02T01:30:02.000Z',
  readAt: EX.now,
  acknowledgedAt: null,
  comment: null,
};

const EXAMPLE_COUNTS: ProgressCounts = { recipients: 42, delivered: 40, read: 31, acknowledged: 12 };

export const DIRECTIVE_FEED_DOCS: FeedEventDocs<
  'directive.issued' | 'directive.recalled' | 'directive.reminder' | 'directive.escalated'
> = {
  'directive.issued': {
    summary: 'A directive reached you / Bạn nhận được một văn bản chỉ đạo',
    description:
      "You are one of the directive's recipients. Store it, show it, then report `directive.delivered`. " +
      'Bạn thuộc danh sách nhận văn bản; lưu, hiển thị rồi báo `directive.delivered`.',
    payload: DirectiveSummary,
    example: EXAMPLE_DIRECTIVE,
  },
  'directive.recalled': {
    summary: 'A directive you received was recalled / Văn bản đã nhận bị thu hồi',
    description:
      'Keep the directive and show it as recalled (thu hồi), with the reason. ' +
      'Giữ văn bản và hiển thị là đã thu hồi, kèm lý do.',
    payload: DirectiveRecalledPayload,
    example: {
      directiveId: EX.directive,
      notation: '29/CT-UBND',
      recalledAt: EX.now,
      reason: 'Ban hành nhầm đối tượng nhận.',
    },
  },
  'directive.reminder': {
    summary: 'The issuer asks you to acknowledge / Nhắc xác nhận đã nhận',
    description:
      'You have not acknowledged a directive that asks for it; the issuer reminds you. ' +
      'Bạn chưa xác nhận văn bản yêu cầu xác nhận; đơn vị ban hành nhắc.',
    payload: DirectiveReminderPayload,
    example: {
      directiveId: EX.directive,
      notation: '29/CT-UBND',
      subject: EXAMPLE_DIRECTIVE.subject,
      ackDueAt: EX.ackDueAt,
      remindedBy: 'Nguyễn Văn An',
    },
  },
  'directive.escalated': {
    summary: 'An acknowledgement deadline was missed / Quá hạn xác nhận',
    description:
      'People of your unit, or of a unit below you, missed the acknowledgement deadline. It climbs ' +
      'one unit every ESCALATION_STEP_HOURS (`level`) while they have not acknowledged, up to the top; ' +
      'a unit with no head in post is told through its deputies, or passed over. ' +
      'Cán bộ của đơn vị bạn (hoặc đơn vị cấp dưới) đã quá hạn xác nhận; chưa xác nhận thì báo tiếp lên cấp trên.',
    payload: DirectiveEscalatedPayload,
    example: {
      directiveId: EX.directive,
      notation: '29/CT-UBND',
      subject: EXAMPLE_DIRECTIVE.subject,
      ackDueAt: EX.ackDueAt,
      unitId: EX.unit,
      unitName: 'Ủy ban nhân dân xã Tân Phú',
      people: [{ userId: EX.otherUser, fullName: 'Trần Thị Bình' }],
      level: 1,
      toldUnitId: EX.unit,
      toldUnitName: 'Ủy ban nhân dân xã Tân Phú',
    },
  },
};

export const DIRECTIVE_LIVE_DOCS: LiveEventDocs<'directive.progress'> = {
  'directive.progress': {
    summary: 'Receipt progress of a watched directive / Tiến độ nhận văn bản đang theo dõi',
    description:
      'Sent to watchers of a directive (`directive.watch`) when receipts change: the new counts and the ' +
      'changes since the previous event. Not replayed and without `seq`: after a reconnect, watch again ' +
      '(the answer holds the current counts) or re-read over REST. ' +
      'Gửi cho người đang theo dõi (`directive.watch`) khi trạng thái nhận thay đổi; không phát lại, ' +
      'sau khi kết nối lại hãy theo dõi lại.',
    payload: DirectiveProgressEvent,
    channels: ['directive', 'unit'],
    examples: [
      {
        directiveId: EX.directive,
        counts: EXAMPLE_COUNTS,
        changes: [{ userId: EX.user, unitId: EX.unit, state: 'read', at: EX.now }],
      },
    ],
  },
};

export const DIRECTIVE_REQUEST_DOCS: ClientRequestDocs<keyof typeof DIRECTIVE_REQUESTS> = {
  'directive.delivered': {
    summary: 'Directives reached this device / Văn bản đã đến thiết bị',
    description:
      `Report, in batches of at most ${REALTIME_LIMITS.deliveredBatchMax} ids, the directives this device has ` +
      'stored. The batch is all or nothing: if one id is not a directive you received, it is refused with ' +
      '`directive/not_found`. Ids already delivered (or further along) are accepted and left as they are. ' +
      `Báo các văn bản thiết bị đã lưu, mỗi lần tối đa ${REALTIME_LIMITS.deliveredBatchMax} id; nếu có id ` +
      'không phải văn bản bạn nhận thì cả lô bị từ chối.',
    ...DIRECTIVE_REQUESTS['directive.delivered'],
    errors: ['directive/not_found'],
    example: { request: { directiveIds: [EX.directive] }, response: { updated: 1 } },
  },
  'directive.read': {
    summary: 'Mark a directive read / Đánh dấu đã đọc',
    description:
      'The person opened the directive (this also sets `deliveredAt` when unset). Answers your receipt as it ' +
      'is now (your other devices see it when they reload the inbox). Cán bộ đã mở văn bản; trả về trạng thái nhận hiện tại.',
    ...DIRECTIVE_REQUESTS['directive.read'],
    errors: ['directive/not_found'],
    example: { request: { directiveId: EX.directive }, response: EXAMPLE_RECEIPT },
  },
  'directive.acknowledge': {
    summary: 'Acknowledge a directive / Xác nhận đã nhận văn bản',
    description:
      'Acknowledge (xác nhận đã nhận) a directive that asks for it, with an optional comment of at most ' +
      `${REALTIME_LIMITS.commentMaxLength} characters (this also sets \`deliveredAt\` and \`readAt\` when unset; a ` +
      'second acknowledgement keeps the first). Answers your receipt as it is now. ' +
      'Xác nhận đã nhận văn bản có yêu cầu xác nhận, kèm ý kiến (không bắt buộc).',
    ...DIRECTIVE_REQUESTS['directive.acknowledge'],
    errors: ['directive/not_found', 'directive/ack_not_required', 'directive/recalled'],
    example: {
      request: { directiveId: EX.directive, comment: 'Đã triển khai tới các thôn.' },
      response: {
        ...EXAMPLE_RECEIPT,
        state: 'acknowledged',
        acknowledgedAt: '2026-03-02T02:20:00.000Z',
        comment: 'Đã triển khai tới các thôn.',
      },
    },
  },
  'directive.watch': {
    summary: 'Watch the receipt progress of a directive / Theo dõi tiến độ nhận văn bản',
    description:
      'For people who follow the directive (those who may issue directives for its issuing unit); anyone else ' +
      'gets `directive/not_found`. Joins the room `directive:{directiveId}`: `directive.progress` events ' +
      'follow until `directive.unwatch` or the end of the connection (watch again after a reconnect). Answers ' +
      'the current counts. Tham gia phòng `directive:{directiveId}` để nhận `directive.progress` cho đến khi ' +
      'bỏ theo dõi hoặc mất kết nối; trả về số liệu hiện tại.',
    ...DIRECTIVE_REQUESTS['directive.watch'],
    errors: ['directive/not_found'],
    example: { request: { directiveId: EX.directive }, response: EXAMPLE_COUNTS },
  },
  'directive.unwatch': {
    summary: 'Stop watching a directive / Bỏ theo dõi văn bản',
    description:
      'Leaves the room `directive:{directiveId}`. Answers an empty object. ' +
      'Rời phòng `directive:{directiveId}`; trả về đối tượng rỗng.',
    ...DIRECTIVE_REQUESTS['directive.unwatch'],
    errors: [],
    example: { request: { directiveId: EX.directive }, response: {} },
  },
};
