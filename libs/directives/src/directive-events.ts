/**
 * The directives' part of the socket contract: their payloads as TypeBox schemas (the types
 * derive from them) and their entries in the contract's registries. Imports nothing but
 * TypeBox and the generic contract, so the browser app takes it as it is; the document's
 * prose and examples are in `directive-events.asyncapi.ts` (server only).
 */
import { AttachmentMeta } from '@lt/files/attachment-meta';
import {
  DateTime,
  Nullable,
  PersonRef,
  REALTIME_LIMITS,
  StringEnum,
  UnitRef,
  Urgency,
  Uuid,
  PayloadsOf,
  RequestsOf,
} from '@lt/realtime/contract';
import { type Static, Type } from '@sinclair/typebox';

export const DirectiveSummary = Type.Object(
  {
    id: Uuid('Directive id.'),
    notation: Type.String({ description: 'Số, ký hiệu — number and symbol, e.g. `29/CT-UBND`.' }),
    number: Type.Integer({ description: 'Số — number within the year.', minimum: 1 }),
    year: Type.Integer({ description: 'Năm — year of the number.' }),
    type: Type.String({
      description:
        'Loại văn bản — type code, e.g. `CT` chỉ thị, `CV` công văn, `TB` thông báo, `KH` kế hoạch.',
    }),
    subject: Type.String({ description: 'Trích yếu — subject.' }),
    body: Type.String({ description: 'Nội dung — body text.' }),
    urgency: Urgency,
    issuingUnit: UnitRef('Cơ quan ban hành — issuing unit.'),
    signer: PersonRef('Người ký — signer.'),
    onBehalfOf: Nullable(
      PersonRef('Issued thừa ủy quyền: the delegator whose authority the signer used. / Người ủy quyền.'),
    ),
    issuedAt: DateTime('Ngày ban hành — when it was issued.'),
    ackRequired: Type.Boolean({
      description: 'Recipients must acknowledge it (`directive.acknowledge`). / Yêu cầu xác nhận đã nhận.',
    }),
    ackDueAt: Nullable(DateTime('Hạn xác nhận — acknowledgement deadline; null when none.')),
    attachments: Type.Array(AttachmentMeta, { description: 'Tệp đính kèm — attachments.' }),
    recalledAt: Nullable(DateTime('Thu hồi lúc — when it was recalled; null when it was not.')),
    recallReason: Nullable(
      Type.String({ description: 'Lý do thu hồi — recall reason; null when not recalled.' }),
    ),
  },
  {
    $id: 'DirectiveSummary',
    description: 'A directive (văn bản chỉ đạo) as a recipient sees it. / Văn bản chỉ đạo.',
  },
);
export type DirectiveSummary = Static<typeof DirectiveSummary>;

const RECEIPT_STATE_TEXT = {
  pending: "not yet on any of the person's devices / chưa đến thiết bị nào",
  delivered: "reached one of the person's devices / đã đến thiết bị",
  read: 'opened / đã đọc',
  acknowledged: 'acknowledged (xác nhận đã nhận) / đã xác nhận',
} as const;
export const RECEIPT_STATES = ['pending', 'delivered', 'read', 'acknowledged'] as const;

export const ReceiptState = StringEnum(RECEIPT_STATES, {
  $id: 'ReceiptState',
  description:
    "A recipient's receipt; it only moves forward, in this order (reading also sets `deliveredAt`, acknowledging also sets `readAt`): " +
    RECEIPT_STATES.map((state) => `\`${state}\` ${RECEIPT_STATE_TEXT[state]}`).join('; ') +
    '.',
});
export type ReceiptState = Static<typeof ReceiptState>;

export const ReceiptView = Type.Object(
  {
    directiveId: Uuid('Directive id.'),
    userId: Uuid('The recipient.'),
    unitId: Uuid('The unit the person received it in.'),
    state: ReceiptState,
    deliveredAt: Nullable(DateTime('When it reached a device; null before.')),
    readAt: Nullable(DateTime('When it was opened; null before.')),
    acknowledgedAt: Nullable(DateTime('When it was acknowledged; null before.')),
    comment: Nullable(
      Type.String({
        description: 'Comment given with the acknowledgement; null when none.',
        maxLength: REALTIME_LIMITS.commentMaxLength,
      }),
    ),
  },
  {
    $id: 'ReceiptView',
    description: "One recipient's receipt of a directive. / Trạng thái nhận văn bản của một cán bộ.",
  },
);
export type ReceiptView = Static<typeof ReceiptView>;

export const DirectiveRecalledPayload = Type.Object(
  {
    directiveId: Uuid('Directive id.'),
    notation: Type.String({ description: 'Số, ký hiệu.' }),
    recalledAt: DateTime('When it was recalled.'),
    reason: Type.String({ description: 'Lý do thu hồi — why.' }),
  },
  { $id: 'DirectiveRecalledPayload' },
);

export const DirectiveReminderPayload = Type.Object(
  {
    directiveId: Uuid('Directive id.'),
    notation: Type.String({ description: 'Số, ký hiệu.' }),
    subject: Type.String({ description: 'Trích yếu.' }),
    ackDueAt: Nullable(DateTime('Acknowledgement deadline; null when none.')),
    remindedBy: Type.String({
      description: 'Full name of the person who sent the reminder. / Họ tên người nhắc.',
    }),
  },
  { $id: 'DirectiveReminderPayload' },
);

export const DirectiveEscalatedPayload = Type.Object(
  {
    directiveId: Uuid('Directive id.'),
    notation: Type.String({ description: 'Số, ký hiệu.' }),
    subject: Type.String({ description: 'Trích yếu.' }),
    ackDueAt: DateTime('The deadline that was missed.'),
    unitId: Uuid('The unit whose people missed it.'),
    unitName: Type.String({ description: 'Its name.' }),
    people: Type.Array(
      Type.Object({ userId: Uuid('User id.'), fullName: Type.String({ description: 'Full name.' }) }),
      { description: 'Who has not acknowledged. / Những người chưa xác nhận.' },
    ),
    level: Type.Integer({
      description:
        'The step of the climb: 1 for the first head told, then one unit higher each time. / Bậc báo cáo.',
      minimum: 1,
    }),
    toldUnitId: Uuid('The unit whose head (or deputy, while no head is in post) is told.'),
    toldUnitName: Type.String({ description: 'Its name. / Đơn vị được báo cáo.' }),
  },
  { $id: 'DirectiveEscalatedPayload' },
);

export const ProgressCounts = Type.Object(
  {
    recipients: Type.Integer({ description: 'Number of recipients. / Số người nhận.', minimum: 0 }),
    delivered: Type.Integer({
      description: 'Receipts at least `delivered` (read and acknowledged included). / Đã đến thiết bị.',
      minimum: 0,
    }),
    read: Type.Integer({
      description: 'Receipts at least `read` (acknowledged included). / Đã đọc.',
      minimum: 0,
    }),
    acknowledged: Type.Integer({ description: 'Receipts acknowledged. / Đã xác nhận.', minimum: 0 }),
  },
  {
    $id: 'ProgressCounts',
    description:
      'Receipt counts of a directive, cumulative: recipients ≥ delivered ≥ read ≥ acknowledged. / Số liệu nhận văn bản (cộng dồn).',
  },
);
export type ProgressCounts = Static<typeof ProgressCounts>;

export const DirectiveProgressEvent = Type.Object(
  {
    directiveId: Uuid('The watched directive.'),
    counts: ProgressCounts,
    changes: Type.Array(
      Type.Object({
        userId: Uuid('The recipient.'),
        unitId: Uuid('The unit they received it in.'),
        state: ReceiptState,
        at: DateTime('When the receipt changed.'),
      }),
      { description: 'Receipts that changed since the previous event.' },
    ),
  },
  { $id: 'DirectiveProgressEvent', description: 'The payload of `directive.progress`.' },
);
export type DirectiveProgressEvent = Static<typeof DirectiveProgressEvent>;

/** Durable events of directives: name → payload schema. */
export const DIRECTIVE_FEED_EVENTS = {
  'directive.issued': DirectiveSummary,
  'directive.recalled': DirectiveRecalledPayload,
  'directive.reminder': DirectiveReminderPayload,
  'directive.escalated': DirectiveEscalatedPayload,
};

const DirectiveIdRequest = (description: string) =>
  Type.Object({ directiveId: Uuid(description) }, { additionalProperties: false });

/** Client events of directives: request and the `data` of the accepted acknowledgement. */
export const DIRECTIVE_REQUESTS = {
  'directive.delivered': {
    request: Type.Object(
      {
        directiveIds: Type.Array(Uuid('Directive id.'), {
          description: 'Ids of directives stored on this device. / Id các văn bản đã lưu.',
          minItems: 1,
          maxItems: REALTIME_LIMITS.deliveredBatchMax,
        }),
      },
      { additionalProperties: false },
    ),
    response: Type.Object({
      updated: Type.Integer({
        description:
          'How many of the given directives were recorded (duplicates once). / Số văn bản đã ghi nhận.',
        minimum: 0,
      }),
    }),
  },
  'directive.read': {
    request: DirectiveIdRequest('The directive opened. / Văn bản đã mở.'),
    response: ReceiptView,
  },
  'directive.acknowledge': {
    request: Type.Object(
      {
        directiveId: Uuid('The directive acknowledged. / Văn bản được xác nhận.'),
        comment: Type.Optional(
          Type.String({
            description: 'Optional comment. / Ý kiến (không bắt buộc).',
            maxLength: REALTIME_LIMITS.commentMaxLength,
          }),
        ),
      },
      { additionalProperties: false },
    ),
    response: ReceiptView,
  },
  'directive.watch': {
    request: DirectiveIdRequest('The directive to watch. / Văn bản cần theo dõi.'),
    response: ProgressCounts,
  },
  'directive.unwatch': {
    request: DirectiveIdRequest('The directive to stop watching. / Văn bản bỏ theo dõi.'),
    response: Type.Unsafe<Record<string, never>>({
      type: 'object',
      description: 'Always `{}`.',
      additionalProperties: false,
    }),
  },
};

declare module '@lt/realtime/contract' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this capability's events to the registry
  interface FeedPayloads extends PayloadsOf<typeof DIRECTIVE_FEED_EVENTS> {}
  interface LiveEvents {
    /** Receipt progress of a watched directive (`directive.watch`). */
    'directive.progress': DirectiveProgressEvent;
  }
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this capability's events to the registry
  interface ClientRequests extends RequestsOf<typeof DIRECTIVE_REQUESTS> {}
}
