/**
 * The AsyncAPI 3.0.0 document of the socket.io contract in `contract.ts`, for clients that
 * cannot import TypeScript (python-socketio, Kotlin, ...). It is built from typed records
 * keyed by the contract's own event names, so an event added to the contract without being
 * documented here fails the type-check, and every schema is checked by the compiler
 * against the TypeScript type it describes: the same property names, the same optional
 * keys and the same nullability. Limits come from REALTIME_LIMITS, never copied numbers.
 */
import type { ErrorCode } from '@lt/common';
import {
  CHANNEL_KINDS,
  DISCIPLINE_DECISIONS,
  THREAD_SUBJECT_TYPES,
  type ChannelRef,
  type ChatMessageView,
  REALTIME_LIMITS,
  URGENCIES,
  type AppErrorPayload,
  type AttachmentMeta,
  type ClientEventName,
  type ClientRequests,
  type DirectiveProgressEvent,
  type DirectiveSummary,
  type FeedEnvelope,
  type FeedEventName,
  type FeedPage,
  type FeedPayloads,
  type ProgressCounts,
  type ReceiptState,
  type ReceiptView,
  type ServerToClientEvents,
  type SessionReady,
  TASK_STATE_NAMES,
  type PartyView,
  type TaskSummary,
  type Urgency,
} from './contract';
import {
  BRIEFING_SECTIONS,
  BRIEFING_STATES,
  type BriefingCounts,
  type BriefingReporterRef,
  type BriefingSummary,
} from './contract';

// ---------------------------------------------------------------------------------------
// Schema helpers, typed so the compiler compares each schema with its contract type

declare const nullBrand: unique symbol;

/** A JSON Schema (AsyncAPI Schema Object, a superset of JSON Schema draft 7) as plain data. */
export type JsonSchema = { [keyword: string]: unknown };
/** Only `nullable()` makes one, so a `T | null` field cannot get a non-null schema, nor the reverse. */
type NullableSchema = JsonSchema & { readonly [nullBrand]: true };
type NonNullSchema = JsonSchema & { readonly [nullBrand]?: never };
type FieldSchema<V> = null extends V ? NullableSchema : NonNullSchema;
type OptionalKeys<T> = { [K in keyof T]-?: Partial<Pick<T, K>> extends Pick<T, K> ? K : never }[keyof T];

const ref = (pointer: string): JsonSchema => ({ $ref: pointer });
const schemaRef = (name: string): JsonSchema => ref(`#/components/schemas/${name}`);
const str = (description: string, extra: JsonSchema = {}): JsonSchema => ({
  type: 'string',
  description,
  ...extra,
});
const uuid = (description: string): JsonSchema => str(description, { format: 'uuid' });
const dateTime = (description: string): JsonSchema => str(description, { format: 'date-time' });
const int = (description: string, extra: JsonSchema = {}): JsonSchema => ({
  type: 'integer',
  description,
  ...extra,
});
const bool = (description: string): JsonSchema => ({ type: 'boolean', description });
const arrayOf = (items: JsonSchema, description: string, extra: JsonSchema = {}): JsonSchema => ({
  type: 'array',
  description,
  items,
  ...extra,
});
const nullable = (schema: JsonSchema): NullableSchema => {
  const widened: JsonSchema = { ...schema, type: [schema.type, 'null'] };
  // The brand exists for the compiler only; nothing is added at runtime.
  return widened as NullableSchema;
};
const withDescription = (schema: JsonSchema, description: string): JsonSchema => ({ ...schema, description });

/**
 * An object schema whose properties are exactly the keys of `T`, required unless `T` marks
 * them optional (the `optional` record must name every optional key and nothing else).
 * Requests are `closed`: the server refuses unknown fields. Server payloads stay open so
 * that a field added later does not break a strict client.
 */
function objectSchema<T extends object>(spec: {
  description?: string;
  properties: { [K in keyof T]-?: FieldSchema<T[K]> };
  optional: { [K in OptionalKeys<T>]: true };
  closed?: boolean;
}): JsonSchema {
  const optional = Object.keys(spec.optional);
  const required = Object.keys(spec.properties).filter((key) => !optional.includes(key));
  return {
    type: 'object',
    ...(spec.description ? { description: spec.description } : {}),
    properties: spec.properties,
    ...(required.length > 0 ? { required } : {}),
    ...(spec.closed ? { additionalProperties: false } : {}),
  };
}

const pascal = (name: string): string =>
  name
    .split(/[.\-_/]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
const camel = (name: string): string => {
  const p = pascal(name);
  return p.charAt(0).toLowerCase() + p.slice(1);
};

/** The acknowledgement envelope `Ack<T>` with `T`'s schema inlined as `data`. */
function ackSchema(event: string, data: JsonSchema): JsonSchema {
  return {
    description:
      `The single argument of the acknowledgement callback of \`${event}\`. ` +
      `Đối số duy nhất của callback xác nhận (acknowledgement) của \`${event}\`.`,
    oneOf: [
      {
        type: 'object',
        description: 'Accepted / Được chấp nhận.',
        properties: { ok: { type: 'boolean', const: true }, data },
        required: ['ok', 'data'],
      },
      {
        type: 'object',
        description:
          'Refused; the same error is also emitted as `app.error` / Bị từ chối; lỗi cũng được gửi qua `app.error`.',
        properties: { ok: { type: 'boolean', const: false }, error: schemaRef('AppErrorPayload') },
        required: ['ok', 'error'],
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------
// Shared texts

/** The handshake refusals (`connect_error`), in the order a client meets them. */
const HANDSHAKE_ERRORS: readonly ErrorCode[] = [
  'auth/token_missing',
  'auth/token_invalid',
  'auth/token_expired',
  'auth/session_revoked',
  'auth/account_disabled',
];

/** Any client request can be refused with these, whatever it is. */
const COMMON_REQUEST_ERRORS: readonly ErrorCode[] = [
  'request/validation_failed',
  'realtime/rate_limited',
  'internal/error',
];

/** Substance of contract.ts's header: the rules that keep a client's feed complete and ordered. */
const CURSOR_RULES: readonly string[] = [
  "Every durable event reaches you as `feed.event`, an envelope with an integer `seq`. `seq` grows with every event of the whole deployment, so one person's feed has gaps; gaps are normal and lose nothing. `seq` is the cursor.",
  'Keep the highest `seq` you have applied (persist it with your local data; 0 when you have none).',
  'After every connect and every reconnect, call `feed.sync` with `after` = that `seq`; while the answer has `more: true`, call it again with `after` = the last `seq` of the page just applied, until `more` is false.',
  'Drop any envelope whose `seq` is less than or equal to the highest `seq` you have applied: the same envelope can arrive both live and from `feed.sync`.',
  "Live `feed.event` envelopes that arrive while a sync is running may be newer than the sync's page: hold them, and apply them after the page, in `seq` order (still dropping those already applied). Hold them until the sync has finished (`more` is false), so a held envelope never jumps ahead of a page not read yet.",
  'A `feed.sync` refused with `feed/cursor_expired` (410) means events after your cursor were pruned: reload everything over REST and start again from a fresh cursor.',
  'Other server events (`directive.progress`) are live views of state you can re-read over REST at any time; they carry no `seq` and are not replayed.',
];

const CURSOR_RULES_VI: readonly string[] = [
  'Mọi sự kiện bền vững đến dưới dạng `feed.event`, một envelope có `seq` là số nguyên. `seq` tăng theo mọi sự kiện của toàn hệ thống nên dãy `seq` của mỗi người có khoảng trống; điều đó bình thường, không mất gì. `seq` chính là con trỏ.',
  'Lưu `seq` lớn nhất đã áp dụng (cùng dữ liệu cục bộ; bằng 0 khi chưa có).',
  'Sau mỗi lần kết nối và kết nối lại, gọi `feed.sync` với `after` = `seq` đó; khi kết quả còn `more: true` thì gọi tiếp với `after` = `seq` cuối của trang vừa áp dụng, cho đến khi `more` là false.',
  'Bỏ qua mọi envelope có `seq` nhỏ hơn hoặc bằng `seq` lớn nhất đã áp dụng: cùng một envelope có thể đến cả trực tiếp lẫn qua `feed.sync`.',
  'Envelope trực tiếp đến trong lúc đang đồng bộ có thể mới hơn trang đồng bộ: giữ lại và áp dụng sau trang, theo thứ tự `seq` (vẫn bỏ những cái đã áp dụng). Giữ cho đến khi đồng bộ xong (`more` là false).',
  '`feed.sync` bị từ chối với `feed/cursor_expired` (410) nghĩa là các sự kiện sau con trỏ đã bị dọn: tải lại toàn bộ qua REST rồi bắt đầu lại với con trỏ mới.',
  'Các sự kiện khác (`directive.progress`) là trạng thái trực tiếp có thể đọc lại qua REST bất cứ lúc nào; không có `seq` và không được phát lại.',
];

const URGENCY_LABELS: { [U in Urgency]: { vi: string; en: string; varName: string } } = {
  0: { vi: 'thường', en: 'normal', varName: 'NORMAL' },
  1: { vi: 'khẩn', en: 'urgent', varName: 'URGENT' },
  2: { vi: 'thượng khẩn', en: 'very urgent', varName: 'VERY_URGENT' },
  3: { vi: 'hỏa tốc', en: 'flash', varName: 'FLASH' },
  4: { vi: 'hỏa tốc hẹn giờ', en: 'flash with set time', varName: 'FLASH_WITH_SET_TIME' },
};

const RECEIPT_STATES: { [S in ReceiptState]: string } = {
  pending: "not yet on any of the person's devices / chưa đến thiết bị nào",
  delivered: "reached one of the person's devices / đã đến thiết bị",
  read: 'opened / đã đọc',
  acknowledged: 'acknowledged (xác nhận đã nhận) / đã xác nhận',
};

// ---------------------------------------------------------------------------------------
// Examples (typed by the contract, so they cannot drift from it)

const EX = {
  user: '5f0c3d2e-8b1a-4c7d-9e2f-1a3b5c7d9e0f',
  otherUser: '7a9b1c3d-5e7f-4a1b-8c3d-5e7f9a1b3c5d',
  unit: '3e5f7a9b-1c3d-4e5f-a7b9-c1d3e5f7a9b1',
  issuingUnit: '1b3d5f7a-9c1e-4b3d-8f7a-9c1e3b5d7f9a',
  signer: '9c1e3b5d-7f9a-4c1e-b5d7-f9a1c3e5b7d9',
  directive: '2d4f6a8c-0e2b-4d6f-8a0c-2e4b6d8f0a2c',
  attachment: '6f8a0c2e-4b6d-4f8a-9c2e-4b6d8f0a2c4e',
  issuedAt: '2026-03-02T01:30:00.000Z',
  ackDueAt: '2026-03-04T10:00:00.000Z',
  now: '2026-03-02T02:15:00.000Z',
  tokenExpiresAt: '2026-03-02T02:30:00.000Z',
} as const;

const EXAMPLE_DIRECTIVE: DirectiveSummary = {
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

const EXAMPLE_TASK: TaskSummary = {
  id: '4a6c8e0b-2d4f-4a6c-8e0b-2d4f6a8c0e2b',
  title: 'Rà soát, lập danh sách hộ dân cần sơ tán trước mùa mưa bão',
  state: 'in_progress',
  priority: 1,
  deadline: '2026-03-10T10:00:00.000Z',
  originalDeadline: '2026-03-10T10:00:00.000Z',
  issuedAt: EX.issuedAt,
  progress: 40,
  blocked: false,
  latenessCount: 0,
  lead: { unit: { id: EX.unit, name: 'Ủy ban nhân dân xã Tân Phú' }, user: null },
  assigner: { id: EX.signer, fullName: 'Nguyễn Văn An', unitId: EX.issuingUnit },
  source: { type: 'directive', id: EX.directive },
  parentId: null,
  version: 3,
};

const EXAMPLE_COUNTS: ProgressCounts = { recipients: 42, delivered: 40, read: 31, acknowledged: 12 };

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

const EXAMPLE_CHANNEL: ChannelRef = {
  id: '1c7e9a3b-5d2f-4e8a-9b1c-3d5f7a9c1e3b',
  kind: 'unit',
  title: 'UBND phường An Hải Bắc',
  unit: { id: EX.unit, name: 'UBND phường An Hải Bắc' },
  subject: null,
  people: [],
};

const EXAMPLE_MESSAGE: ChatMessageView = {
  id: '2d8f0b4c-6e3a-4f9b-8c2d-4e6a8b0d2f4c',
  channelId: EXAMPLE_CHANNEL.id,
  n: 128,
  author: { id: EX.signer, fullName: 'Nguyễn Văn An' },
  body: '@Trần Thị Bình gửi giúp báo cáo tiến độ giải phóng mặt bằng trước 16 giờ nhé.',
  mentions: [{ id: EX.user, fullName: 'Trần Thị Bình' }],
  attachments: [],
  announcement: null,
  createdAt: EX.now,
  editedAt: null,
  deletedAt: null,
  version: 1,
};

// ---------------------------------------------------------------------------------------
// Durable events (inside `feed.event`)

interface FeedEventDoc<K extends FeedEventName> {
  summary: string;
  description: string;
  /** Schema of the envelope's `payload` (a reference to a component schema). */
  payload: JsonSchema;
  example: FeedPayloads[K];
}

const FEED_EVENT_DOCS: { [K in FeedEventName]: FeedEventDoc<K> } = {
  'directive.issued': {
    summary: 'A directive reached you / Bạn nhận được một văn bản chỉ đạo',
    description:
      "You are one of the directive's recipients. Store it, show it, then report `directive.delivered`. " +
      'Bạn thuộc danh sách nhận văn bản; lưu, hiển thị rồi báo `directive.delivered`.',
    payload: schemaRef('DirectiveSummary'),
    example: EXAMPLE_DIRECTIVE,
  },
  'directive.recalled': {
    summary: 'A directive you received was recalled / Văn bản đã nhận bị thu hồi',
    description:
      'Keep the directive and show it as recalled (thu hồi), with the reason. ' +
      'Giữ văn bản và hiển thị là đã thu hồi, kèm lý do.',
    payload: schemaRef('DirectiveRecalledPayload'),
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
    payload: schemaRef('DirectiveReminderPayload'),
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
      'People of your unit (or you, as head one level up) missed the acknowledgement deadline. ' +
      'Cán bộ của đơn vị bạn (hoặc bạn, với tư cách thủ trưởng cấp trên) đã quá hạn xác nhận.',
    payload: schemaRef('DirectiveEscalatedPayload'),
    example: {
      directiveId: EX.directive,
      notation: '29/CT-UBND',
      subject: EXAMPLE_DIRECTIVE.subject,
      ackDueAt: EX.ackDueAt,
      unitId: EX.unit,
      unitName: 'Ủy ban nhân dân xã Tân Phú',
      people: [{ userId: EX.otherUser, fullName: 'Trần Thị Bình' }],
    },
  },
  'task.changed': {
    summary: 'A task you are involved in changed / Nhiệm vụ liên quan đến bạn có thay đổi',
    description:
      'You lead it (or lead its unit), assigned it, coordinate or are informed: it was assigned, or someone acted on it. ' +
      'Replace your copy when `task.version` is higher than the one you hold. ' +
      'Bạn chủ trì, giao, phối hợp hoặc được để biết nhiệm vụ: nhiệm vụ vừa được giao hoặc có thao tác mới.',
    payload: schemaRef('TaskChangedPayload'),
    example: {
      task: EXAMPLE_TASK,
      action: 'report',
      by: { id: EX.user, fullName: 'Trần Thị Bình' },
      at: EX.now,
      note: 'Đã rà soát 4/10 tổ dân phố.',
    },
  },
  'task.deadline_reminder': {
    summary: 'A task is due soon / Nhiệm vụ sắp đến hạn',
    description:
      'Sent once per configured offset before the deadline in force (TASK_REMINDER_HOURS). ' +
      'Gửi một lần cho mỗi mốc nhắc trước hạn xử lý.',
    payload: schemaRef('TaskDeadlineReminderPayload'),
    example: { task: EXAMPLE_TASK, hoursBefore: 24 },
  },
  'task.overdue': {
    summary: 'A task went past its deadline / Nhiệm vụ đã trễ hạn',
    description:
      'To its lead, its assigner and the head of the lead unit. The task accepts nothing but its lead filing an explanation and an apology letter. ' +
      'Gửi người chủ trì, người giao và thủ trưởng đơn vị chủ trì; nhiệm vụ dừng cho tới khi có giải trình và thư xin lỗi.',
    payload: schemaRef('TaskOverduePayload'),
    example: {
      task: { ...EXAMPLE_TASK, blocked: true, latenessCount: 1 },
      latenessNumber: 1,
      missedDeadline: EXAMPLE_TASK.deadline,
    },
  },
  'task.discipline_case': {
    summary: 'Second lateness: a discipline case to review / Trễ hạn lần 2: hồ sơ cần xem xét',
    description:
      'The task was late a second time; you, as head, review the case. ' +
      'Nhiệm vụ trễ hạn lần thứ hai; thủ trưởng xem xét xử lý.',
    payload: schemaRef('TaskDisciplineCasePayload'),
    example: {
      caseId: '8e0b2d4f-6a8c-4e0b-a2d4-f6a8c0e2b4d6',
      task: { ...EXAMPLE_TASK, blocked: true, latenessCount: 2 },
      latenessNumber: 2,
      unitId: EX.unit,
    },
  },
  'document.routed': {
    summary: 'A document waits for your annotation / Văn bản trình đồng chí cho ý kiến',
    description:
      'To the leader an incoming document was routed to by the clerk (or another leader): it waits in ' +
      '`GET /documents/waiting` until annotated. Gửi lãnh đạo được trình văn bản đến.',
    payload: schemaRef('DocumentRoutedPayload'),
    example: {
      document: {
        id: EX.directive,
        unit: { id: EX.unit, name: 'Văn phòng HĐND và UBND quận Sơn Trà' },
        registerNumber: 12,
        codeNumber: '4120',
        codeNotation: 'UBND-KT',
        organName: 'Ủy ban nhân dân thành phố Đà Nẵng',
        typeName: 'Công văn',
        subject: 'Về việc triển khai thu phí vệ sinh môi trường năm 2027',
        priority: 1,
        dueDate: EX.ackDueAt,
      },
      by: { id: EX.otherUser, fullName: 'Võ Hữu Hà' },
      note: 'Kính trình đồng chí Chủ tịch cho ý kiến chỉ đạo.',
      at: EX.now,
    },
  },
  'chat.message': {
    summary: 'A new message / Tin nhắn mới',
    description:
      "A message in a channel you are in: your unit's channel, a direct channel, or a thread you follow (you " +
      'opened it, wrote in it, were mentioned in it, or its subject involves you). `mentionsYou` is true when ' +
      'it names you. Keep the channel’s `n` to page history (`GET /chat/channels/{id}/messages`). ' +
      'Tin nhắn mới trong kênh của đơn vị, tin nhắn riêng, hoặc luồng trao đổi bạn theo dõi.',
    payload: schemaRef('ChatMessagePayload'),
    example: { channel: EXAMPLE_CHANNEL, message: EXAMPLE_MESSAGE, mentionsYou: true },
  },
  'chat.message_changed': {
    summary: 'A message was edited or deleted / Tin nhắn đã được sửa hoặc xóa',
    description:
      'Replace the message you hold with this one (same `id`, higher `version`). A deleted message keeps its ' +
      'place with `deletedAt` set and an empty `body`. Thay tin nhắn đang giữ bằng bản này.',
    payload: schemaRef('ChatMessageChangedPayload'),
    example: {
      channel: EXAMPLE_CHANNEL,
      message: {
        ...EXAMPLE_MESSAGE,
        body: 'Gửi giúp báo cáo tiến độ trước 17 giờ.',
        editedAt: EX.now,
        version: 2,
      },
    },
  },
  'chat.read': {
    summary: 'You read a channel elsewhere / Bạn đã đọc kênh trên thiết bị khác',
    description:
      'Your read cursor of a channel moved (another tab or device): show `unread` for it. ' +
      'Con trỏ đã đọc của bạn thay đổi; cập nhật số tin chưa đọc.',
    payload: schemaRef('ChatReadPayload'),
    example: { channelId: EXAMPLE_CHANNEL.id, lastReadN: 128, unread: 0 },
  },
  'briefing.opened': {
    summary: 'A weekly briefing was opened / Đã mở giao ban tuần',
    description:
      'To the expected reporters (the leaders of each subordinate unit, and the named people) and the other ' +
      'leaders of the unit: submit your report before `cutoffAt`. Gửi các đơn vị, cá nhân phải báo cáo và ' +
      'lãnh đạo khác của đơn vị: nộp báo cáo trước hạn.',
    payload: schemaRef('BriefingOpenedPayload'),
    example: { briefing: EXAMPLE_BRIEFING, by: { id: EX.signer, fullName: 'Nguyễn Văn An' }, at: EX.now },
  },
  'briefing.submitted': {
    summary: 'A report was submitted to a briefing / Đơn vị đã nộp báo cáo giao ban',
    description:
      'To the leaders of the briefing’s unit, on every submission and resubmission (`version`); `late` when ' +
      'first submitted after the cut-off, `revisedAfterCutoff` when resubmitted after it. Gửi lãnh đạo đơn vị ' +
      'chủ trì giao ban; `late` là nộp muộn, `revisedAfterCutoff` là sửa sau hạn.',
    payload: schemaRef('BriefingSubmittedPayload'),
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
    payload: schemaRef('BriefingCommentedPayload'),
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
    payload: schemaRef('BriefingClosedPayload'),
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
    payload: schemaRef('BriefingReminderPayload'),
    example: { briefing: EXAMPLE_BRIEFING, reporter: EXAMPLE_BRIEFING_REPORTER, hoursBefore: 24 },
  },
  'task.discipline_decided': {
    summary: 'The head decided a discipline case / Thủ trưởng đã quyết định xử lý hồ sơ trễ hạn lần 2',
    description:
      'To the lead of the task (the person, or the leaders of the lead unit): the decision is final. ' +
      '`accept_explanation` chấp nhận giải trình, `remind` nhắc nhở, `criticise` phê bình, ' +
      '`propose_discipline` đề nghị xem xét xử lý kỷ luật.',
    payload: schemaRef('TaskDisciplineDecidedPayload'),
    example: {
      caseId: '8e0b2d4f-6a8c-4e0b-a2d4-f6a8c0e2b4d6',
      task: { ...EXAMPLE_TASK, latenessCount: 2 },
      decision: 'remind',
      note: 'Nhắc nhở, yêu cầu rút kinh nghiệm về tiến độ.',
      decidedBy: { id: EX.otherUser, fullName: 'Trần Thị Bình' },
      decidedAt: EX.now,
    },
  },
};

// ---------------------------------------------------------------------------------------
// Server → client events

/** Channels (socket.io rooms, or the connection itself) a server event is emitted to. */
type ChannelId = 'connection' | 'user' | 'unit' | 'directive';

interface ServerEventDoc<P> {
  summary: string;
  description: string;
  payload: JsonSchema;
  /** Where the server emits it; one `send` operation per channel. */
  channels: readonly ChannelId[];
  examples: readonly P[];
}

const SERVER_EVENT_DOCS: {
  [K in keyof ServerToClientEvents]: ServerEventDoc<Parameters<ServerToClientEvents[K]>[0]>;
} = {
  'session.ready': {
    summary: 'The connection is authenticated / Kết nối đã được xác thực',
    description:
      'Sent once, right after a successful handshake, to this connection only. `tokenExpiresAt` is when ' +
      'the server will close the connection unless `auth.refresh` presents a newer access token; `head` ' +
      'is the highest `seq` of the deployment. Then run the cursor rules (`feed.sync`). ' +
      'Gửi một lần ngay sau khi handshake thành công, chỉ cho kết nối này. Trước `tokenExpiresAt` hãy gửi ' +
      '`auth.refresh`; sau đó đồng bộ bằng `feed.sync`.',
    payload: schemaRef('SessionReady'),
    channels: ['connection'],
    examples: [{ userId: EX.user, tokenExpiresAt: EX.tokenExpiresAt, head: 18342 }],
  },
  'feed.event': {
    summary: 'A durable event of your feed / Sự kiện bền vững trong feed của bạn',
    description:
      'An envelope `{ seq, name, at, payload }`; `name` tells which payload it carries. Apply it following ' +
      'the cursor rules (`x-cursor-rules`). Ignore a `name` you do not know but still count its `seq` as ' +
      'applied. Áp dụng theo quy tắc con trỏ; `name` không biết thì bỏ qua nhưng vẫn tính `seq` là đã áp dụng.',
    payload: schemaRef('FeedEnvelope'),
    channels: ['user', 'unit'],
    examples: (Object.keys(FEED_EVENT_DOCS) as FeedEventName[]).map(
      (name, index) =>
        ({
          seq: 18343 + index * 7,
          name,
          at: EX.now,
          payload: FEED_EVENT_DOCS[name].example,
        }) as FeedEnvelope,
    ),
  },
  'directive.progress': {
    summary: 'Receipt progress of a watched directive / Tiến độ nhận văn bản đang theo dõi',
    description:
      'Sent to watchers of a directive (`directive.watch`) when receipts change: the new counts and the ' +
      'changes since the previous event. Not replayed and without `seq`: after a reconnect, watch again ' +
      '(the answer holds the current counts) or re-read over REST. ' +
      'Gửi cho người đang theo dõi (`directive.watch`) khi trạng thái nhận thay đổi; không phát lại, ' +
      'sau khi kết nối lại hãy theo dõi lại.',
    payload: schemaRef('DirectiveProgressEvent'),
    channels: ['directive', 'unit'],
    examples: [
      {
        directiveId: EX.directive,
        counts: EXAMPLE_COUNTS,
        changes: [{ userId: EX.user, unitId: EX.unit, state: 'read', at: EX.now }],
      },
    ],
  },
  'app.error': {
    summary: 'A request or the connection was refused / Yêu cầu hoặc kết nối bị từ chối',
    description:
      'Sent to this connection only: for every refused client event (also answered in its acknowledgement, ' +
      '`event` names it), for `realtime/unknown_event`, for `realtime/rate_limited`, and with ' +
      '`auth/token_expired` just before the server closes a connection whose access token expired. ' +
      'Chỉ gửi cho kết nối này: khi sự kiện bị từ chối, sự kiện không được hỗ trợ, vượt giới hạn tốc độ, ' +
      'hoặc `auth/token_expired` ngay trước khi máy chủ đóng kết nối có token hết hạn.',
    payload: schemaRef('AppErrorPayload'),
    channels: ['connection'],
    examples: [
      {
        code: 'realtime/rate_limited',
        message: { vi: 'Gửi quá nhiều yêu cầu; hãy chậm lại.', en: 'Too many events; slow down.' },
        event: 'directive.read',
      },
    ],
  },
};

// ---------------------------------------------------------------------------------------
// Client requests (every one takes an acknowledgement callback)

interface ClientRequestDoc<K extends ClientEventName> {
  summary: string;
  description: string;
  request: JsonSchema;
  /** Schema of `data` in the accepted acknowledgement. */
  response: JsonSchema;
  /** Codes this request typically answers with besides COMMON_REQUEST_ERRORS; not exhaustive. */
  errors: readonly ErrorCode[];
  example: { request: ClientRequests[K]['request']; response: ClientRequests[K]['response'] };
}

type Req<K extends ClientEventName> = ClientRequests[K]['request'];
type Res<K extends ClientEventName> = ClientRequests[K]['response'];

const CLIENT_REQUEST_DOCS: { [K in ClientEventName]: ClientRequestDoc<K> } = {
  'feed.sync': {
    summary: 'Read your feed after a cursor / Đọc feed sau con trỏ',
    description:
      'Returns your durable events with `seq` > `after`, in `seq` order, at most `limit` of them ' +
      `(default ${REALTIME_LIMITS.feedPageDefault}, at most ${REALTIME_LIMITS.feedPageMax}). Call it after every ` +
      '(re)connect, with the highest `seq` you have applied, until `more` is false (see `x-cursor-rules`). ' +
      '`feed/cursor_invalid`: `after` is not a non-negative integer. `feed/cursor_expired` (410, ' +
      '`details.floor` = oldest kept `seq`): events after `after` were pruned; reload everything over REST. ' +
      'Trả về các sự kiện có `seq` > `after` theo thứ tự `seq`; gọi sau mỗi lần kết nối (lại) cho đến khi ' +
      '`more` là false. `feed/cursor_expired` (410): dữ liệu đã bị dọn, hãy tải lại toàn bộ.',
    request: objectSchema<Req<'feed.sync'>>({
      closed: true,
      properties: {
        after: int('The highest `seq` you have applied; 0 when you have none. / `seq` lớn nhất đã áp dụng.', {
          minimum: 0,
        }),
        limit: int('Page size. / Số sự kiện tối đa mỗi trang.', {
          minimum: 1,
          maximum: REALTIME_LIMITS.feedPageMax,
          default: REALTIME_LIMITS.feedPageDefault,
        }),
      },
      optional: { limit: true },
    }),
    response: schemaRef('FeedPage'),
    errors: ['feed/cursor_invalid', 'feed/cursor_expired'],
    example: {
      request: { after: 18342, limit: REALTIME_LIMITS.feedPageDefault },
      response: {
        events: [{ seq: 18343, name: 'directive.issued', at: EX.issuedAt, payload: EXAMPLE_DIRECTIVE }],
        head: 18350,
        more: false,
      },
    },
  },
  'auth.refresh': {
    summary: 'Present a newer access token / Gia hạn kết nối bằng access token mới',
    description:
      'Before `tokenExpiresAt` (from `session.ready` or the previous `auth.refresh`), get a new access token ' +
      'over REST (`POST /auth/refresh`) and present it here; otherwise the server emits `app.error` ' +
      '`auth/token_expired` and closes the connection when the token expires. The token must be an access ' +
      'token (a JWT) of the same person (`auth/token_invalid` otherwise). Your unit rooms are recomputed ' +
      'from your current positions. Trước `tokenExpiresAt`, lấy access token mới (`POST /auth/refresh`) và ' +
      'gửi tại đây; nếu không, máy chủ gửi `app.error` `auth/token_expired` và đóng kết nối khi token hết hạn.',
    request: objectSchema<Req<'auth.refresh'>>({
      closed: true,
      properties: {
        token: str('A new access token of the same person (JWT). / Access token mới (JWT).', {
          minLength: 1,
        }),
      },
      optional: {},
    }),
    response: objectSchema<Res<'auth.refresh'>>({
      properties: { tokenExpiresAt: dateTime('When the new token expires. / Thời điểm token mới hết hạn.') },
      optional: {},
    }),
    errors: ['auth/token_invalid', 'auth/token_expired', 'auth/session_revoked', 'auth/account_disabled'],
    example: {
      request: { token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI1ZjBjIn0.c2lnbmF0dXJl' },
      response: { tokenExpiresAt: '2026-03-02T02:45:00.000Z' },
    },
  },
  'directive.delivered': {
    summary: 'Directives reached this device / Văn bản đã đến thiết bị',
    description:
      `Report, in batches of at most ${REALTIME_LIMITS.deliveredBatchMax} ids, the directives this device has ` +
      'stored. The batch is all or nothing: if one id is not a directive you received, it is refused with ' +
      '`directive/not_found`. Ids already delivered (or further along) are accepted and left as they are. ' +
      `Báo các văn bản thiết bị đã lưu, mỗi lần tối đa ${REALTIME_LIMITS.deliveredBatchMax} id; nếu có id ` +
      'không phải văn bản bạn nhận thì cả lô bị từ chối.',
    request: objectSchema<Req<'directive.delivered'>>({
      closed: true,
      properties: {
        directiveIds: arrayOf(
          uuid('Directive id.'),
          'Ids of directives stored on this device. / Id các văn bản đã lưu.',
          {
            minItems: 1,
            maxItems: REALTIME_LIMITS.deliveredBatchMax,
          },
        ),
      },
      optional: {},
    }),
    response: objectSchema<Res<'directive.delivered'>>({
      properties: {
        updated: int(
          'How many of the given directives were recorded (duplicates once). / Số văn bản đã ghi nhận.',
          {
            minimum: 0,
          },
        ),
      },
      optional: {},
    }),
    errors: ['directive/not_found'],
    example: { request: { directiveIds: [EX.directive] }, response: { updated: 1 } },
  },
  'directive.read': {
    summary: 'Mark a directive read / Đánh dấu đã đọc',
    description:
      'The person opened the directive (this also sets `deliveredAt` when unset). Answers your receipt as it ' +
      'is now (your other devices see it when they reload the inbox). Cán bộ đã mở văn bản; trả về trạng thái nhận hiện tại.',
    request: objectSchema<Req<'directive.read'>>({
      closed: true,
      properties: { directiveId: uuid('The directive opened. / Văn bản đã mở.') },
      optional: {},
    }),
    response: schemaRef('ReceiptView'),
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
    request: objectSchema<Req<'directive.acknowledge'>>({
      closed: true,
      properties: {
        directiveId: uuid('The directive acknowledged. / Văn bản được xác nhận.'),
        comment: str('Optional comment. / Ý kiến (không bắt buộc).', {
          maxLength: REALTIME_LIMITS.commentMaxLength,
        }),
      },
      optional: { comment: true },
    }),
    response: schemaRef('ReceiptView'),
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
    request: objectSchema<Req<'directive.watch'>>({
      closed: true,
      properties: { directiveId: uuid('The directive to watch. / Văn bản cần theo dõi.') },
      optional: {},
    }),
    response: schemaRef('ProgressCounts'),
    errors: ['directive/not_found'],
    example: { request: { directiveId: EX.directive }, response: EXAMPLE_COUNTS },
  },
  'directive.unwatch': {
    summary: 'Stop watching a directive / Bỏ theo dõi văn bản',
    description:
      'Leaves the room `directive:{directiveId}`. Answers an empty object. ' +
      'Rời phòng `directive:{directiveId}`; trả về đối tượng rỗng.',
    request: objectSchema<Req<'directive.unwatch'>>({
      closed: true,
      properties: { directiveId: uuid('The directive to stop watching. / Văn bản bỏ theo dõi.') },
      optional: {},
    }),
    // Record<string, never>: an object that never has a property.
    response: { type: 'object', description: 'Always `{}`.', additionalProperties: false },
    errors: [],
    example: { request: { directiveId: EX.directive }, response: {} },
  },
  'chat.send': {
    summary: 'Post a message / Gửi tin nhắn',
    description:
      'Posts to a channel you may read, like `POST /chat/channels/{id}/messages` (announcements only there). ' +
      'Everyone mentioned must be able to read the channel. Resending with the same `clientKey` answers the ' +
      'first message instead of posting twice. Answers the message; the channel gets `chat.message`. ' +
      'Gửi tin nhắn vào kênh bạn được xem; gửi lại cùng `clientKey` không tạo tin thứ hai.',
    request: objectSchema<Req<'chat.send'>>({
      closed: true,
      properties: {
        channelId: uuid('The channel. / Kênh.'),
        body: str('The text (may be empty with attachments). / Nội dung.', {
          maxLength: REALTIME_LIMITS.chatMessageMaxLength,
        }),
        mentions: arrayOf(uuid('User id.'), 'People named in the message. / Người được nhắc tên.', {
          maxItems: REALTIME_LIMITS.chatMentionsMax,
        }),
        attachmentIds: arrayOf(uuid('File id.'), 'Files uploaded with POST /api/files. / Tệp đính kèm.', {
          maxItems: REALTIME_LIMITS.chatAttachmentsMax,
        }),
        clientKey: str('Idempotency key: 8–128 letters, digits or ._:- / Khóa chống gửi trùng.', {
          pattern: '^[A-Za-z0-9._:-]{8,128}$',
        }),
      },
      optional: { mentions: true, attachmentIds: true, clientKey: true },
    }),
    response: schemaRef('ChatMessageView'),
    errors: [
      'chat/channel_not_found',
      'chat/empty_message',
      'chat/mention_outside_channel',
      'chat/idempotency_conflict',
      'file/not_found',
      'file/already_attached',
    ],
    example: {
      request: {
        channelId: EXAMPLE_CHANNEL.id,
        body: EXAMPLE_MESSAGE.body,
        mentions: [EX.user],
        clientKey: 'web-4f2a9c1e',
      },
      response: EXAMPLE_MESSAGE,
    },
  },
  'chat.mark_read': {
    summary: 'Mark a channel read / Đánh dấu đã đọc',
    description:
      'Moves your read cursor forward to message `upTo` (never back, never past the last message) and answers ' +
      'your unread count; your other devices get `chat.read`. Đánh dấu đã đọc đến tin nhắn `upTo`.',
    request: objectSchema<Req<'chat.mark_read'>>({
      closed: true,
      properties: {
        channelId: uuid('The channel. / Kênh.'),
        upTo: int('The `n` of the last message read. / Số thứ tự tin cuối đã đọc.', {
          minimum: 0,
          maximum: Number.MAX_SAFE_INTEGER,
        }),
      },
      optional: {},
    }),
    response: objectSchema<Res<'chat.mark_read'>>({
      properties: {
        lastReadN: int('Your read cursor now.', { minimum: 0 }),
        unread: int('Others’ messages after it.', { minimum: 0 }),
      },
      optional: {},
    }),
    errors: ['chat/channel_not_found'],
    example: {
      request: { channelId: EXAMPLE_CHANNEL.id, upTo: 128 },
      response: { lastReadN: 128, unread: 0 },
    },
  },
};

/**
 * The JSON Schema of every client request's payload: the gateway validates with these, so
 * what the document promises is exactly what the server accepts.
 */
export function clientRequestSchemas(): { [K in ClientEventName]: JsonSchema } {
  return Object.fromEntries(
    Object.entries(CLIENT_REQUEST_DOCS).map(([name, doc]) => [name, doc.request]),
  ) as {
    [K in ClientEventName]: JsonSchema;
  };
}

/** The contract's event names, as documented here (the typed records above make them complete). */
export const EVENT_NAMES = {
  server: Object.keys(SERVER_EVENT_DOCS) as (keyof ServerToClientEvents)[],
  client: Object.keys(CLIENT_REQUEST_DOCS) as ClientEventName[],
  feed: Object.keys(FEED_EVENT_DOCS) as FeedEventName[],
} as const;

// ---------------------------------------------------------------------------------------
// Component schemas: one per type of contract.ts, plus each request, ack and envelope

function buildSchemas(): Record<string, JsonSchema> {
  const schemas: Record<string, JsonSchema> = {
    AppErrorPayload: objectSchema<AppErrorPayload>({
      description:
        'Error payload of `app.error`, of refused acknowledgements and of `connect_error` (its `data`). ' +
        "`code` is stable; show `message` in the user's language. " +
        'Lỗi của `app.error`, của phản hồi bị từ chối và của `connect_error`.',
      properties: {
        code: str('Stable error code, e.g. `auth/token_expired`, `feed/cursor_expired`. / Mã lỗi ổn định.', {
          examples: [
            ...HANDSHAKE_ERRORS,
            'feed/cursor_expired',
            'realtime/rate_limited',
            'realtime/unknown_event',
          ],
        }),
        message: objectSchema<AppErrorPayload['message']>({
          description: 'Human-readable message. / Thông báo cho người dùng.',
          properties: { vi: str('Vietnamese / Tiếng Việt.'), en: str('English / Tiếng Anh.') },
          optional: {},
        }),
        event: str('The client event that caused it, when there was one. / Sự kiện client gây ra lỗi.'),
        details: {
          type: 'object',
          description:
            'Extra data of some codes: `fields` for `request/validation_failed`, `floor` for `feed/cursor_expired`. ' +
            '/ Dữ liệu thêm của một số mã lỗi.',
          properties: {
            fields: arrayOf(schemaRef('FieldError'), 'Per-field problems of `request/validation_failed`.'),
            floor: int('For `feed/cursor_expired`: events at or below this `seq` were pruned.'),
          },
          additionalProperties: true,
        },
      },
      optional: { event: true, details: true },
    }),
    FieldError: {
      type: 'object',
      description:
        'One invalid field of a refused request (`details.fields[]`). / Một trường dữ liệu không hợp lệ.',
      properties: {
        field: str('Path of the field, e.g. `directiveIds.0`; empty for the whole payload.'),
        message: str('What is wrong (English).'),
        constraints: arrayOf(str('Constraint name.'), 'Names of the failed constraints, e.g. `isUuid`.'),
      },
      required: ['field', 'message'],
    },
    Urgency: {
      type: 'integer',
      enum: [...URGENCIES],
      description:
        'edXML priority (QCVN 102:2016) / Độ khẩn: ' +
        URGENCIES.map((u) => `${u} = ${URGENCY_LABELS[u].vi} (${URGENCY_LABELS[u].en})`).join(', ') +
        '.',
      'x-enum-varnames': URGENCIES.map((u) => URGENCY_LABELS[u].varName),
      'x-enum-descriptions': URGENCIES.map((u) => `${URGENCY_LABELS[u].vi} / ${URGENCY_LABELS[u].en}`),
    },
    AttachmentMeta: objectSchema<AttachmentMeta>({
      description: 'An attached file; download it over REST. / Tệp đính kèm; tải qua REST.',
      properties: {
        id: uuid('Attachment id.'),
        fileName: str('Original file name. / Tên tệp.'),
        contentType: str('MIME type, e.g. `application/pdf`.'),
        size: int('Size in bytes. / Kích thước (byte).', { minimum: 0 }),
        sha256: str('SHA-256 digest of the content. / Mã băm SHA-256 của nội dung.'),
      },
      optional: {},
    }),
    DirectiveSummary: objectSchema<DirectiveSummary>({
      description: 'A directive (văn bản chỉ đạo) as a recipient sees it. / Văn bản chỉ đạo.',
      properties: {
        id: uuid('Directive id.'),
        notation: str('Số, ký hiệu — number and symbol, e.g. `29/CT-UBND`.'),
        number: int('Số — number within the year.', { minimum: 1 }),
        year: int('Năm — year of the number.'),
        type: str(
          'Loại văn bản — type code, e.g. `CT` chỉ thị, `CV` công văn, `TB` thông báo, `KH` kế hoạch.',
        ),
        subject: str('Trích yếu — subject.'),
        body: str('Nội dung — body text.'),
        urgency: schemaRef('Urgency'),
        issuingUnit: objectSchema<DirectiveSummary['issuingUnit']>({
          description: 'Cơ quan ban hành — issuing unit.',
          properties: { id: uuid('Unit id.'), name: str('Unit name.') },
          optional: {},
        }),
        signer: objectSchema<DirectiveSummary['signer']>({
          description: 'Người ký — signer.',
          properties: { id: uuid('User id.'), fullName: str('Full name.') },
          optional: {},
        }),
        issuedAt: dateTime('Ngày ban hành — when it was issued.'),
        ackRequired: bool(
          'Recipients must acknowledge it (`directive.acknowledge`). / Yêu cầu xác nhận đã nhận.',
        ),
        ackDueAt: nullable(dateTime('Hạn xác nhận — acknowledgement deadline; null when none.')),
        attachments: arrayOf(schemaRef('AttachmentMeta'), 'Tệp đính kèm — attachments.'),
        recalledAt: nullable(dateTime('Thu hồi lúc — when it was recalled; null when it was not.')),
        recallReason: nullable(str('Lý do thu hồi — recall reason; null when not recalled.')),
      },
      optional: {},
    }),
    ReceiptState: {
      type: 'string',
      enum: Object.keys(RECEIPT_STATES),
      description:
        "A recipient's receipt; it only moves forward, in this order (reading also sets `deliveredAt`, acknowledging also sets `readAt`): " +
        Object.entries(RECEIPT_STATES)
          .map(([state, text]) => `\`${state}\` ${text}`)
          .join('; ') +
        '.',
    },
    ReceiptView: objectSchema<ReceiptView>({
      description: "One recipient's receipt of a directive. / Trạng thái nhận văn bản của một cán bộ.",
      properties: {
        directiveId: uuid('Directive id.'),
        userId: uuid('The recipient.'),
        unitId: uuid('The unit the person received it in.'),
        state: schemaRef('ReceiptState'),
        deliveredAt: nullable(dateTime('When it reached a device; null before.')),
        readAt: nullable(dateTime('When it was opened; null before.')),
        acknowledgedAt: nullable(dateTime('When it was acknowledged; null before.')),
        comment: nullable(
          str('Comment given with the acknowledgement; null when none.', {
            maxLength: REALTIME_LIMITS.commentMaxLength,
          }),
        ),
      },
      optional: {},
    }),
    DirectiveRecalledPayload: objectSchema<FeedPayloads['directive.recalled']>({
      description: FEED_EVENT_DOCS['directive.recalled'].summary,
      properties: {
        directiveId: uuid('Directive id.'),
        notation: str('Số, ký hiệu.'),
        recalledAt: dateTime('When it was recalled.'),
        reason: str('Lý do thu hồi — why.'),
      },
      optional: {},
    }),
    DirectiveReminderPayload: objectSchema<FeedPayloads['directive.reminder']>({
      description: FEED_EVENT_DOCS['directive.reminder'].summary,
      properties: {
        directiveId: uuid('Directive id.'),
        notation: str('Số, ký hiệu.'),
        subject: str('Trích yếu.'),
        ackDueAt: nullable(dateTime('Acknowledgement deadline; null when none.')),
        remindedBy: str('Full name of the person who sent the reminder. / Họ tên người nhắc.'),
      },
      optional: {},
    }),
    DirectiveEscalatedPayload: objectSchema<FeedPayloads['directive.escalated']>({
      description: FEED_EVENT_DOCS['directive.escalated'].summary,
      properties: {
        directiveId: uuid('Directive id.'),
        notation: str('Số, ký hiệu.'),
        subject: str('Trích yếu.'),
        ackDueAt: dateTime('The deadline that was missed.'),
        unitId: uuid('The unit whose people missed it.'),
        unitName: str('Its name.'),
        people: arrayOf(
          objectSchema<FeedPayloads['directive.escalated']['people'][number]>({
            properties: { userId: uuid('User id.'), fullName: str('Full name.') },
            optional: {},
          }),
          'Who has not acknowledged. / Những người chưa xác nhận.',
        ),
      },
      optional: {},
    }),
    TaskState: {
      type: 'string',
      enum: [...TASK_STATE_NAMES],
      description:
        'assigned (đã giao) → accepted (đã nhận) or returned (trả lại) → in_progress (đang thực hiện) → ' +
        'submitted (đã báo cáo kết quả) → completed (hoàn thành), or reopened to in_progress; cancelled (đã hủy).',
    },
    PartyView: objectSchema<PartyView>({
      description: 'A unit, or a person in a unit, holding a role in a task. / Đơn vị hoặc cán bộ.',
      properties: {
        unit: objectSchema<PartyView['unit']>({
          properties: { id: uuid('Unit id.'), name: str('Unit name.') },
          optional: {},
        }),
        user: nullable(
          objectSchema<NonNullable<PartyView['user']>>({
            properties: { id: uuid('User id.'), fullName: str('Full name.') },
            optional: {},
          }),
        ),
      },
      optional: {},
    }),
    TaskSummary: objectSchema<TaskSummary>({
      description: 'A task (nhiệm vụ) as the people involved see it. / Nhiệm vụ.',
      properties: {
        id: uuid('Task id.'),
        title: str('Tên nhiệm vụ — title.'),
        state: schemaRef('TaskState'),
        priority: schemaRef('Urgency'),
        deadline: dateTime('Hạn xử lý — the deadline in force.'),
        originalDeadline: dateTime('Hạn ban đầu — the signed deadline, kept for ranking.'),
        issuedAt: dateTime('Ngày giao — when it was signed.'),
        progress: int('Percent done. / Phần trăm hoàn thành.', { minimum: 0, maximum: 100 }),
        blocked: bool('Overdue and stopped until the explanation and apology letter are filed.'),
        latenessCount: int('How many deadlines it missed. / Số lần trễ hạn.', { minimum: 0 }),
        lead: schemaRef('PartyView'),
        assigner: objectSchema<TaskSummary['assigner']>({
          description: 'Người giao việc — the assigner, and the unit they signed for.',
          properties: { id: uuid('User id.'), fullName: str('Full name.'), unitId: uuid('Unit id.') },
          optional: {},
        }),
        source: nullable(
          objectSchema<NonNullable<TaskSummary['source']>>({
            description: 'What it was assigned from. / Nguồn giao việc.',
            properties: {
              type: str(
                '`directive`, `annotation`, `task` (a parent task) or `briefing` (a briefing item).',
                {
                  enum: ['directive', 'annotation', 'task', 'briefing'],
                },
              ),
              id: uuid('Its id.'),
            },
            optional: {},
          }),
        ),
        parentId: nullable(uuid('The parent task of a sub-task; null otherwise.')),
        version: int('Optimistic-concurrency version; send it back with every action.', { minimum: 1 }),
      },
      optional: {},
    }),
    TaskChangedPayload: objectSchema<FeedPayloads['task.changed']>({
      description: FEED_EVENT_DOCS['task.changed'].summary,
      properties: {
        task: schemaRef('TaskSummary'),
        action: str('What happened, e.g. `assign`, `accept`, `report`, `explain`.'),
        by: nullable(
          objectSchema<NonNullable<FeedPayloads['task.changed']['by']>>({
            properties: { id: uuid('User id.'), fullName: str('Full name.') },
            optional: {},
          }),
        ),
        at: dateTime('When.'),
        note: nullable(str('Reason or report text given with the action; null when none.')),
      },
      optional: {},
    }),
    TaskDeadlineReminderPayload: objectSchema<FeedPayloads['task.deadline_reminder']>({
      description: FEED_EVENT_DOCS['task.deadline_reminder'].summary,
      properties: {
        task: schemaRef('TaskSummary'),
        hoursBefore: int('The reminder offset that was reached.', { minimum: 1 }),
      },
      optional: {},
    }),
    TaskOverduePayload: objectSchema<FeedPayloads['task.overdue']>({
      description: FEED_EVENT_DOCS['task.overdue'].summary,
      properties: {
        task: schemaRef('TaskSummary'),
        latenessNumber: int('1 for the first lateness of the task, 2 for the second …', { minimum: 1 }),
        missedDeadline: dateTime('The deadline that was missed.'),
      },
      optional: {},
    }),
    TaskDisciplineCasePayload: objectSchema<FeedPayloads['task.discipline_case']>({
      description: FEED_EVENT_DOCS['task.discipline_case'].summary,
      properties: {
        caseId: uuid('Discipline case id.'),
        task: schemaRef('TaskSummary'),
        latenessNumber: int('The lateness that opened it (2 or more).', { minimum: 2 }),
        unitId: uuid('The unit that was late.'),
      },
      optional: {},
    }),
    DocumentRoutedPayload: objectSchema<FeedPayloads['document.routed']>({
      description: FEED_EVENT_DOCS['document.routed'].summary,
      properties: {
        document: objectSchema<FeedPayloads['document.routed']['document']>({
          properties: {
            id: uuid('Document id.'),
            unit: objectSchema<FeedPayloads['document.routed']['document']['unit']>({
              properties: { id: uuid('The unit whose register holds it.'), name: str('Its name.') },
              optional: {},
            }),
            registerNumber: int('Số đến: the arrival number in that register.', { minimum: 1 }),
            codeNumber: str('Số: the number the issuer gave it.'),
            codeNotation: str('Ký hiệu.'),
            organName: str('Cơ quan ban hành.'),
            typeName: str('Loại văn bản.'),
            subject: str('Trích yếu.'),
            priority: int('edXML priority: 0 thường … 4 hỏa tốc hẹn giờ.', { minimum: 0, maximum: 4 }),
            dueDate: nullable(dateTime('Hạn xử lý, if any.')),
          },
          optional: {},
        }),
        by: objectSchema<FeedPayloads['document.routed']['by']>({
          properties: { id: uuid('User id.'), fullName: str('Who routed it.') },
          optional: {},
        }),
        note: nullable(str('The routing note. / Ghi chú khi trình.')),
        at: dateTime('When.'),
      },
      optional: {},
    }),
    ChannelRef: objectSchema<ChannelRef>({
      description: 'A channel, enough to show and open it. / Kênh trao đổi.',
      properties: {
        id: uuid('Channel id.'),
        kind: str('unit: kênh đơn vị; thread: luồng trao đổi; direct: tin nhắn riêng.', {
          enum: [...CHANNEL_KINDS],
        }),
        title: str('The unit’s name, the subject’s title, or the two names.'),
        unit: nullable(
          objectSchema<NonNullable<ChannelRef['unit']>>({
            properties: { id: uuid('Unit id.'), name: str('Unit name.') },
            optional: {},
          }),
        ),
        subject: nullable(
          objectSchema<NonNullable<ChannelRef['subject']>>({
            properties: {
              type: str('What the thread is on.', { enum: [...THREAD_SUBJECT_TYPES] }),
              id: uuid('Its id.'),
            },
            optional: {},
          }),
        ),
        people: arrayOf(
          objectSchema<ChannelRef['people'][number]>({
            properties: { id: uuid('User id.'), fullName: str('Full name.') },
            optional: {},
          }),
          'The two people of a direct channel; empty otherwise.',
        ),
      },
      optional: {},
    }),
    ChatMessageView: objectSchema<ChatMessageView>({
      description: 'A message. / Tin nhắn.',
      properties: {
        id: uuid('Message id.'),
        channelId: uuid('Its channel.'),
        n: int('Its place in the channel: 1, 2, 3 … without gaps.', { minimum: 1 }),
        author: objectSchema<ChatMessageView['author']>({
          properties: { id: uuid('User id.'), fullName: str('Full name.') },
          optional: {},
        }),
        body: str('The text; empty once deleted.'),
        mentions: arrayOf(
          objectSchema<ChatMessageView['mentions'][number]>({
            properties: { id: uuid('User id.'), fullName: str('Full name.') },
            optional: {},
          }),
          'People named in it.',
        ),
        attachments: arrayOf(schemaRef('AttachmentMeta'), 'Tệp đính kèm — attachments.'),
        announcement: nullable(
          objectSchema<NonNullable<ChatMessageView['announcement']>>({
            properties: {
              directiveId: uuid('The notice (thông báo) that carries its receipts.'),
              notation: str('Số, ký hiệu of the notice.'),
              ackRequired: bool('Its people acknowledge it.'),
              ackDueAt: nullable(dateTime('Acknowledge by.')),
            },
            optional: {},
          }),
        ),
        createdAt: dateTime('Posted at.'),
        editedAt: nullable(dateTime('Last edited at.')),
        deletedAt: nullable(dateTime('Deleted at.')),
        version: int('Changes with every edit (optimistic concurrency).', { minimum: 1 }),
      },
      optional: {},
    }),
    ChatMessagePayload: objectSchema<FeedPayloads['chat.message']>({
      description: FEED_EVENT_DOCS['chat.message'].summary,
      properties: {
        channel: schemaRef('ChannelRef'),
        message: schemaRef('ChatMessageView'),
        mentionsYou: bool('The message names you.'),
      },
      optional: {},
    }),
    ChatMessageChangedPayload: objectSchema<FeedPayloads['chat.message_changed']>({
      description: FEED_EVENT_DOCS['chat.message_changed'].summary,
      properties: { channel: schemaRef('ChannelRef'), message: schemaRef('ChatMessageView') },
      optional: {},
    }),
    ChatReadPayload: objectSchema<FeedPayloads['chat.read']>({
      description: FEED_EVENT_DOCS['chat.read'].summary,
      properties: {
        channelId: uuid('The channel.'),
        lastReadN: int('Your read cursor.', { minimum: 0 }),
        unread: int('Your unread count there.', { minimum: 0 }),
      },
      optional: {},
    }),
    BriefingSummary: objectSchema<BriefingSummary>({
      description: 'A weekly briefing (giao ban điện tử). / Giao ban tuần.',
      properties: {
        id: uuid('Briefing id.'),
        unit: objectSchema<BriefingSummary['unit']>({
          description: 'The unit whose briefing it is. / Đơn vị chủ trì giao ban.',
          properties: { id: uuid('Unit id.'), name: str('Unit name.') },
          optional: {},
        }),
        week: str('ISO week of the meeting in Vietnam time, e.g. `2026-W48`. / Tuần.'),
        title: str('Tiêu đề.'),
        meetingAt: dateTime('Thời gian họp — the meeting.'),
        cutoffAt: dateTime('Hạn nộp báo cáo — the cut-off for reports.'),
        state: str('`open` (đang nhận báo cáo) or `closed` (đã kết thúc, read-only).', {
          enum: [...BRIEFING_STATES],
        }),
        conclusion: nullable(str('Kết luận, once closed; null while open.')),
      },
      optional: {},
    }),
    BriefingReporterRef: objectSchema<BriefingReporterRef>({
      description:
        'An expected reporter: a subordinate unit (its leaders submit for it) or a named person. / Đơn vị, cá nhân báo cáo.',
      properties: {
        id: uuid('Reporter id (within the briefing).'),
        unit: objectSchema<BriefingReporterRef['unit']>({
          description: 'The reporting unit, or the unit the named person holds a position in.',
          properties: { id: uuid('Unit id.'), name: str('Unit name.') },
          optional: {},
        }),
        user: nullable(
          objectSchema<NonNullable<BriefingReporterRef['user']>>({
            description: 'The named person; null when a whole unit reports.',
            properties: { id: uuid('User id.'), fullName: str('Full name.') },
            optional: {},
          }),
        ),
      },
      optional: {},
    }),
    BriefingCounts: objectSchema<BriefingCounts>({
      description: 'Where the reports stand. / Tình hình nộp báo cáo.',
      properties: {
        expected: int('Expected reporters. / Số phải báo cáo.', { minimum: 0 }),
        onTime: int('Submitted by the cut-off. / Nộp đúng hạn.', { minimum: 0 }),
        late: int('First submitted after the cut-off. / Nộp muộn.', { minimum: 0 }),
        missing: int('None, and the cut-off passed or the briefing closed. / Chưa nộp (quá hạn).', {
          minimum: 0,
        }),
        pending: int('Nothing submitted yet, before the cut-off. / Chưa nộp (còn hạn).', { minimum: 0 }),
        revisedAfterCutoff: int(
          'Reports resubmitted after the cut-off, also counted as on time or late by their first submission. / Sửa sau hạn.',
          { minimum: 0 },
        ),
      },
      optional: {},
    }),
    BriefingOpenedPayload: objectSchema<FeedPayloads['briefing.opened']>({
      description: FEED_EVENT_DOCS['briefing.opened'].summary,
      properties: {
        briefing: schemaRef('BriefingSummary'),
        by: objectSchema<FeedPayloads['briefing.opened']['by']>({
          description: 'The leader who opened it.',
          properties: { id: uuid('User id.'), fullName: str('Full name.') },
          optional: {},
        }),
        at: dateTime('When.'),
      },
      optional: {},
    }),
    BriefingSubmittedPayload: objectSchema<FeedPayloads['briefing.submitted']>({
      description: FEED_EVENT_DOCS['briefing.submitted'].summary,
      properties: {
        briefing: schemaRef('BriefingSummary'),
        reporter: schemaRef('BriefingReporterRef'),
        version: int('1 for the first submission, then one more per resubmission.', { minimum: 1 }),
        late: bool('First submitted after the cut-off. / Nộp muộn.'),
        revisedAfterCutoff: bool('This submission is a resubmission after the cut-off. / Sửa sau hạn.'),
        by: objectSchema<FeedPayloads['briefing.submitted']['by']>({
          description: 'Who submitted it.',
          properties: { id: uuid('User id.'), fullName: str('Full name.') },
          optional: {},
        }),
        at: dateTime('When.'),
      },
      optional: {},
    }),
    BriefingCommentedPayload: objectSchema<FeedPayloads['briefing.commented']>({
      description: FEED_EVENT_DOCS['briefing.commented'].summary,
      properties: {
        briefing: schemaRef('BriefingSummary'),
        reporter: schemaRef('BriefingReporterRef'),
        item: objectSchema<FeedPayloads['briefing.commented']['item']>({
          description: 'The item commented. / Mục được cho ý kiến.',
          properties: {
            id: uuid('Item id.'),
            section: str('`done` kết quả tuần trước, `plan` kế hoạch tuần này, `issues` khó khăn, đề xuất.', {
              enum: [...BRIEFING_SECTIONS],
            }),
            text: str('The item as reported.'),
          },
          optional: {},
        }),
        comment: objectSchema<FeedPayloads['briefing.commented']['comment']>({
          description: 'The comment. / Ý kiến của lãnh đạo.',
          properties: {
            id: uuid('Comment id.'),
            text: str('Its text.'),
            author: objectSchema<FeedPayloads['briefing.commented']['comment']['author']>({
              description: 'The leader who wrote it.',
              properties: { id: uuid('User id.'), fullName: str('Full name.') },
              optional: {},
            }),
            createdAt: dateTime('When.'),
          },
          optional: {},
        }),
      },
      optional: {},
    }),
    BriefingClosedPayload: objectSchema<FeedPayloads['briefing.closed']>({
      description: FEED_EVENT_DOCS['briefing.closed'].summary,
      properties: {
        briefing: schemaRef('BriefingSummary'),
        counts: schemaRef('BriefingCounts'),
        by: objectSchema<FeedPayloads['briefing.closed']['by']>({
          description: 'The leader who closed it.',
          properties: { id: uuid('User id.'), fullName: str('Full name.') },
          optional: {},
        }),
        at: dateTime('When.'),
      },
      optional: {},
    }),
    BriefingReminderPayload: objectSchema<FeedPayloads['briefing.reminder']>({
      description: FEED_EVENT_DOCS['briefing.reminder'].summary,
      properties: {
        briefing: schemaRef('BriefingSummary'),
        reporter: schemaRef('BriefingReporterRef'),
        hoursBefore: int('BRIEFING_REMINDER_HOURS: how long before the cut-off.', { minimum: 1 }),
      },
      optional: {},
    }),
    TaskDisciplineDecidedPayload: objectSchema<FeedPayloads['task.discipline_decided']>({
      description: FEED_EVENT_DOCS['task.discipline_decided'].summary,
      properties: {
        caseId: uuid('Discipline case id.'),
        task: schemaRef('TaskSummary'),
        decision: str('The decision. / Quyết định của thủ trưởng.', { enum: [...DISCIPLINE_DECISIONS] }),
        note: nullable(str('The head’s note; null when none. / Ý kiến của thủ trưởng.')),
        decidedBy: objectSchema<FeedPayloads['task.discipline_decided']['decidedBy']>({
          properties: { id: uuid('User id.'), fullName: str('Full name.') },
          optional: {},
        }),
        decidedAt: dateTime('When.'),
      },
      optional: {},
    }),
    FeedEnvelope: {
      type: 'object',
      description:
        'The body of `feed.event` and of `FeedPage.events[]`; `name` selects the payload. / ' +
        'Envelope của `feed.event`; `name` cho biết loại payload.',
      oneOf: EVENT_NAMES.feed.map((name) => schemaRef(`FeedEnvelope${pascal(name)}`)),
      // AsyncAPI's own `discriminator` wants the schema names as values; ours are event names,
      // so the mapping is given OpenAPI-style as an extension (the `const` names already make
      // the variants mutually exclusive for a plain JSON Schema validator).
      'x-discriminator': {
        propertyName: 'name',
        mapping: Object.fromEntries(
          EVENT_NAMES.feed.map((name) => [name, `#/components/schemas/FeedEnvelope${pascal(name)}`]),
        ),
      },
    },
    FeedPage: objectSchema<FeedPage>({
      description: 'The answer of `feed.sync`. / Kết quả của `feed.sync`.',
      properties: {
        events: arrayOf(schemaRef('FeedEnvelope'), 'Envelopes in ascending `seq` order.', {
          maxItems: REALTIME_LIMITS.feedPageMax,
        }),
        head: int('The highest seq of the whole deployment when the page was read.', { minimum: 0 }),
        more: bool('More events follow: sync again from the last `seq` of this page.'),
      },
      optional: {},
    }),
    ProgressCounts: objectSchema<ProgressCounts>({
      description:
        'Receipt counts of a directive, cumulative: recipients ≥ delivered ≥ read ≥ acknowledged. / Số liệu nhận văn bản (cộng dồn).',
      properties: {
        recipients: int('Number of recipients. / Số người nhận.', { minimum: 0 }),
        delivered: int('Receipts at least `delivered` (read and acknowledged included). / Đã đến thiết bị.', {
          minimum: 0,
        }),
        read: int('Receipts at least `read` (acknowledged included). / Đã đọc.', { minimum: 0 }),
        acknowledged: int('Receipts acknowledged. / Đã xác nhận.', { minimum: 0 }),
      },
      optional: {},
    }),
    DirectiveProgressEvent: objectSchema<DirectiveProgressEvent>({
      description: 'The payload of `directive.progress`.',
      properties: {
        directiveId: uuid('The watched directive.'),
        counts: schemaRef('ProgressCounts'),
        changes: arrayOf(
          objectSchema<DirectiveProgressEvent['changes'][number]>({
            properties: {
              userId: uuid('The recipient.'),
              unitId: uuid('The unit they received it in.'),
              state: schemaRef('ReceiptState'),
              at: dateTime('When the receipt changed.'),
            },
            optional: {},
          }),
          'Receipts that changed since the previous event.',
        ),
      },
      optional: {},
    }),
    SessionReady: objectSchema<SessionReady>({
      description: 'The payload of `session.ready`.',
      properties: {
        userId: uuid('The authenticated person.'),
        tokenExpiresAt: dateTime(
          "When this connection's access token expires; send `auth.refresh` before then.",
        ),
        head: int('The highest `seq` of the deployment at connect time.', { minimum: 0 }),
      },
      optional: {},
    }),
  };

  for (const name of EVENT_NAMES.feed) schemas[`FeedEnvelope${pascal(name)}`] = feedEnvelopeSchema(name);
  for (const name of EVENT_NAMES.client) {
    const doc: ClientRequestDoc<ClientEventName> = CLIENT_REQUEST_DOCS[name];
    schemas[`${pascal(name)}Request`] = withDescription(
      doc.request,
      `Payload of \`${name}\`: ${doc.summary}.`,
    );
    schemas[`${pascal(name)}Ack`] = ackSchema(name, doc.response);
  }
  return schemas;
}

/**
 * One variant of FeedEnvelope. Typed against the whole union: every variant has the same four
 * keys, none optional or nullable, and only `name` and `payload` differ, by the values below.
 */
function feedEnvelopeSchema(name: FeedEventName): JsonSchema {
  return objectSchema<FeedEnvelope>({
    description: `\`${name}\`: ${FEED_EVENT_DOCS[name].summary}. ${FEED_EVENT_DOCS[name].description}`,
    properties: {
      seq: int('The cursor: grows with every event of the deployment (gapped per person).', { minimum: 1 }),
      name: { type: 'string', const: name },
      at: dateTime('When the event happened.'),
      payload: FEED_EVENT_DOCS[name].payload,
    },
    optional: {},
  });
}

// ---------------------------------------------------------------------------------------
// The document

function parseServer(serverUrl?: string): { host: string; secure: boolean; httpOrigin: string } {
  if (!serverUrl) return { host: 'localhost:3000', secure: false, httpOrigin: 'http://localhost:3000' };
  // Accept a full URL (`https://api.example.gov.vn`) or a bare host (`api.example.gov.vn:443`).
  const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(serverUrl) ? serverUrl : `http://${serverUrl}`);
  const secure = url.protocol === 'https:' || url.protocol === 'wss:';
  return { host: url.host, secure, httpOrigin: `${secure ? 'https' : 'http'}://${url.host}` };
}

const bulletList = (lines: readonly string[]): string => lines.map((line) => `- ${line}`).join('\n');

function infoDescription(): string {
  const codes = HANDSHAKE_ERRORS.map((c) => `\`${c}\``).join(', ');
  return [
    'Live events of Liên Thông, the e-office for local government, over socket.io. Clients that are not ' +
      'TypeScript implement the protocol from this document alone. / Sự kiện thời gian thực của Liên Thông ' +
      'qua socket.io; client viết bằng ngôn ngữ khác triển khai theo tài liệu này.',
    '',
    '## Connecting / Kết nối',
    '',
    bulletList([
      "Protocol: socket.io v4 (Socket.IO protocol revision 5 over Engine.IO protocol 4), on the API's origin, " +
        'path `/socket.io`, default namespace `/`. Use the `websocket` transport (HTTP long-polling works but ' +
        'is not recommended). Compatible clients: socket.io-client 4 (JavaScript), python-socketio 5, ' +
        'socket.io-client-java 2 (Kotlin/Android). / Giao thức socket.io v4 (Engine.IO 4), cùng origin với API, ' +
        'đường dẫn `/socket.io`, namespace `/`; nên dùng transport `websocket`.',
      'Authenticate in the handshake: `auth: { token: "<access token from POST /auth/sign-in>" }` ' +
        '(python-socketio: `sio.connect(url, auth={"token": token}, transports=["websocket"])`; Kotlin: ' +
        '`IO.Options.builder().setAuth(mapOf("token" to token)).setTransports(arrayOf(WebSocket.NAME))`). ' +
        'Never put the token in the query string. / Xác thực trong handshake bằng `auth: { token }` ' +
        '(access token lấy từ POST /auth/sign-in); không bao giờ đặt token vào query string.',
      `A refused handshake ends in \`connect_error\`: the CONNECT_ERROR packet is \`{ message: <code>, data }\` ` +
        `where \`data\` is an AppErrorPayload \`{ code, message: { vi, en } }\`; codes: ${codes}. / Handshake ` +
        `bị từ chối: sự kiện \`connect_error\` với \`data\` là \`{ code, message: { vi, en } }\`; mã lỗi: ${codes}.`,
      'Browsers: the `Origin` is checked against the CORS_ORIGINS setting. / Trình duyệt: `Origin` được ' +
        'kiểm tra theo cấu hình CORS_ORIGINS.',
      'After the handshake the server emits `session.ready` (`userId`, `tokenExpiresAt`, `head`). / Sau ' +
        'handshake máy chủ gửi `session.ready`.',
    ]),
    '',
    '## Token expiry / Hết hạn token',
    '',
    'The server re-checks the access token: when it expires, the server emits `app.error` with ' +
      '`auth/token_expired` and disconnects, unless the client sent `auth.refresh` with a new access token ' +
      '(from `POST /auth/refresh`) before `tokenExpiresAt`. A socket.io client does not reconnect by itself ' +
      'after a server-side disconnect: update `auth.token` and connect again. / Máy chủ kiểm tra lại access ' +
      'token: khi token hết hạn, máy chủ gửi `app.error` với mã `auth/token_expired` rồi ngắt kết nối, trừ ' +
      'khi trước đó client đã gửi `auth.refresh` kèm token mới. Sau khi bị máy chủ ngắt, client phải cập nhật ' +
      '`auth.token` và tự kết nối lại.',
    '',
    '## Requests and acknowledgements / Yêu cầu và phản hồi',
    '',
    bulletList([
      'Every client event carries exactly one argument, a JSON object, and must carry an acknowledgement ' +
        'callback (python-socketio: `await sio.call(event, data)`; Kotlin: `socket.emit(event, json, Ack { ... })`). ' +
        "It is answered `{ ok: true, data }` or `{ ok: false, error }` (see each message's `x-ack` and its " +
        "operation's `reply`). A refused event also produces `app.error` naming it in `event`. / Mỗi sự kiện " +
        'client gửi một đối số là đối tượng JSON và phải kèm callback xác nhận; phản hồi là ' +
        '`{ ok: true, data }` hoặc `{ ok: false, error }`. Sự kiện bị từ chối cũng sinh `app.error`.',
      'Malformed payloads (not an object, a wrong or missing field, an unknown field) are answered ' +
        '`request/validation_failed` with `details.fields` (`[{ field, message, constraints? }]`). / Dữ liệu ' +
        'sai định dạng (kể cả trường lạ) nhận lỗi `request/validation_failed` kèm `details.fields`.',
      'Unknown events are answered with `app.error` `realtime/unknown_event`. / Sự kiện không được hỗ trợ ' +
        'nhận `app.error` mã `realtime/unknown_event`.',
      'Rate limit per socket: a token bucket of SOCKET_RATE_PER_SECOND events per second (default 20) with a ' +
        'burst of SOCKET_RATE_BURST (default 60). Refused events get `app.error` `realtime/rate_limited` (429); ' +
        'a socket that keeps flooding is closed. / Giới hạn tốc độ theo từng socket (SOCKET_RATE_PER_SECOND, ' +
        'SOCKET_RATE_BURST): sự kiện vượt giới hạn nhận `realtime/rate_limited`; tiếp tục gửi dồn dập thì socket bị đóng.',
      'Maximum message size: SOCKET_MAX_MESSAGE_BYTES (default 65536 bytes); a larger message closes the ' +
        'connection. / Kích thước tối đa một thông điệp: SOCKET_MAX_MESSAGE_BYTES; lớn hơn thì kết nối bị đóng.',
      `Limits: \`feed.sync\` \`limit\` ≤ ${REALTIME_LIMITS.feedPageMax} (default ${REALTIME_LIMITS.feedPageDefault}); ` +
        `\`directive.delivered\` ≤ ${REALTIME_LIMITS.deliveredBatchMax} ids; acknowledgement comment ≤ ` +
        `${REALTIME_LIMITS.commentMaxLength} characters. / Giới hạn như trên.`,
    ]),
    '',
    '## Server events / Sự kiện từ máy chủ',
    '',
    'Every server event carries one JSON object. Ignore fields you do not know (fields may be added). ' +
      '`session.ready` and `app.error` go to one connection; `feed.event` goes to the room `user:{userId}` ' +
      '(all connections of a person); `directive.progress` to `directive:{directiveId}` (watchers). Each ' +
      'connection also joins `unit:{unitId}` for every unit the person holds a position in. Clients never ' +
      'address rooms: everything arrives on the one connection. / Mỗi sự kiện mang một đối tượng JSON; bỏ qua ' +
      'trường không biết. Client không cần biết phòng (room): mọi thứ đến trên cùng một kết nối.',
    '',
    '## Cursor rules / Quy tắc con trỏ (`x-cursor-rules`)',
    '',
    bulletList(CURSOR_RULES),
    '',
    bulletList(CURSOR_RULES_VI),
  ].join('\n');
}

/** Builds the AsyncAPI 3.0.0 document (served at GET /api/asyncapi.json). */
export function buildAsyncApiDocument(options: {
  serverUrl?: string;
  version?: string;
}): Record<string, unknown> {
  const server = parseServer(options.serverUrl);
  const schemas = buildSchemas();

  // --- messages ------------------------------------------------------------------------
  const messages: Record<string, JsonSchema> = {};
  for (const name of EVENT_NAMES.server) {
    const doc: ServerEventDoc<unknown> = SERVER_EVENT_DOCS[name];
    messages[camel(name)] = {
      name,
      title: name,
      summary: doc.summary,
      description: doc.description,
      contentType: 'application/json',
      payload: doc.payload,
      'x-socketio-event': name,
      ...(name === 'feed.event'
        ? { 'x-feed-event-names': [...EVENT_NAMES.feed], 'x-cursor-rules': [...CURSOR_RULES] }
        : {}),
      examples: doc.examples.map((payload, index) => ({
        name: `${camel(name)}${index + 1}`,
        summary: name === 'feed.event' ? (payload as FeedEnvelope).name : doc.summary,
        payload,
      })),
    };
  }
  for (const name of EVENT_NAMES.client) {
    const doc: ClientRequestDoc<ClientEventName> = CLIENT_REQUEST_DOCS[name];
    messages[camel(name)] = {
      name,
      title: name,
      summary: doc.summary,
      description: doc.description,
      contentType: 'application/json',
      payload: schemaRef(`${pascal(name)}Request`),
      'x-socketio-event': name,
      'x-ack-required': true,
      'x-ack': ackSchema(name, doc.response),
      'x-errors': [...doc.errors, ...COMMON_REQUEST_ERRORS],
      examples: [{ name: `${camel(name)}Request`, summary: doc.summary, payload: doc.example.request }],
    };
    messages[`${camel(name)}Reply`] = {
      name: `${name}.ack`,
      title: `${name} (acknowledgement)`,
      summary: `Acknowledgement of \`${name}\` / Phản hồi của \`${name}\``,
      description:
        `Not an event: the single argument passed to the acknowledgement callback of \`${name}\` ` +
        "(socket.io ACK packet carrying the request's ack id). / Không phải sự kiện: đối số của callback xác nhận.",
      contentType: 'application/json',
      payload: schemaRef(`${pascal(name)}Ack`),
      'x-socketio-ack-of': name,
      examples: [
        {
          name: `${camel(name)}Accepted`,
          summary: 'Accepted',
          payload: { ok: true, data: doc.example.response },
        },
        {
          name: `${camel(name)}Refused`,
          summary: 'Refused',
          payload: { ok: false, error: refusalExample(name) },
        },
      ],
    };
  }

  // --- channels ------------------------------------------------------------------------
  const messageRefs = (ids: readonly string[]): Record<string, JsonSchema> =>
    Object.fromEntries(ids.map((id) => [id, ref(`#/components/messages/${id}`)]));
  const serverMessagesOn = (channel: ChannelId): string[] =>
    EVENT_NAMES.server.filter((name) => SERVER_EVENT_DOCS[name].channels.includes(channel)).map(camel);
  const clientMessageIds = EVENT_NAMES.client.flatMap((name) => [camel(name), `${camel(name)}Reply`]);
  const onServer = [ref('#/servers/api')];

  const channels: Record<ChannelId, JsonSchema> = {
    connection: {
      address: '/',
      title: 'The connection (default namespace)',
      summary: 'Events between the server and this one connection. / Sự kiện giữa máy chủ và kết nối này.',
      description:
        'The socket.io default namespace `/` of one connection: client requests with their acknowledgements, ' +
        'and server events meant for this connection only (`session.ready`, `app.error`).',
      servers: onServer,
      messages: messageRefs([...serverMessagesOn('connection'), ...clientMessageIds]),
      bindings: {
        ws: {
          method: 'GET',
          query: {
            type: 'object',
            description: 'Engine.IO handshake query; never the token. / Không đặt token ở đây.',
            properties: {
              EIO: { type: 'string', const: '4', description: 'Engine.IO protocol version.' },
              transport: { type: 'string', enum: ['websocket', 'polling'], description: 'Use `websocket`.' },
            },
            required: ['EIO', 'transport'],
          },
          bindingVersion: '0.1.0',
        },
      },
    },
    user: {
      address: 'user:{userId}',
      title: 'Room of one person',
      summary: 'All connections of one person. / Mọi kết nối của một cán bộ.',
      description:
        'Every connection joins the room of its person at connect. Durable `feed.event` envelopes go here.',
      servers: onServer,
      parameters: { userId: { description: 'Id (uuid) of the person, as in `session.ready.userId`.' } },
      messages: messageRefs(serverMessagesOn('user')),
    },
    unit: {
      address: 'unit:{unitId}',
      title: 'Room of one unit',
      summary:
        'Connections of the people holding a position in a unit. / Kết nối của cán bộ thuộc một đơn vị.',
      description:
        'Every connection joins the room of each unit its person holds a position in (recomputed on ' +
        '`auth.refresh`). Events addressed to a whole unit arrive here; they are the same `feed.event` and ' +
        '`directive.progress` messages, under the same rules.',
      servers: onServer,
      parameters: { unitId: { description: 'Id (uuid) of the unit.' } },
      messages: messageRefs(serverMessagesOn('unit')),
    },
    directive: {
      address: 'directive:{directiveId}',
      title: 'Room of one watched directive',
      summary: 'Connections watching a directive. / Kết nối đang theo dõi một văn bản.',
      description: 'Joined with `directive.watch`, left with `directive.unwatch` or at disconnect.',
      servers: onServer,
      parameters: { directiveId: { description: 'Id (uuid) of the directive.' } },
      messages: messageRefs(serverMessagesOn('directive')),
    },
  };

  // --- operations (the application's, i.e. the server's, point of view) ----------------
  const operations: Record<string, JsonSchema> = {};
  for (const name of EVENT_NAMES.server) {
    const doc: ServerEventDoc<unknown> = SERVER_EVENT_DOCS[name];
    doc.channels.forEach((channel, index) => {
      const id = index === 0 ? `send${pascal(name)}` : `send${pascal(name)}To${pascal(channel)}`;
      operations[id] = {
        action: 'send',
        channel: ref(`#/channels/${channel}`),
        title: `Emit ${name}`,
        summary: doc.summary,
        messages: [ref(`#/channels/${channel}/messages/${camel(name)}`)],
      };
    });
  }
  for (const name of EVENT_NAMES.client) {
    const doc: ClientRequestDoc<ClientEventName> = CLIENT_REQUEST_DOCS[name];
    operations[`receive${pascal(name)}`] = {
      action: 'receive',
      channel: ref('#/channels/connection'),
      title: `Handle ${name}`,
      summary: doc.summary,
      description: `${doc.description} Answered through the acknowledgement callback (\`reply\`).`,
      messages: [ref(`#/channels/connection/messages/${camel(name)}`)],
      reply: {
        channel: ref('#/channels/connection'),
        messages: [ref(`#/channels/connection/messages/${camel(name)}Reply`)],
      },
    };
  }

  return {
    asyncapi: '3.0.0',
    id: 'urn:lien-thong:realtime',
    info: {
      title: 'Liên Thông realtime (socket.io)',
      version: options.version ?? '0.1.0',
      description: infoDescription(),
      externalDocs: { description: 'REST API (OpenAPI)', url: `${server.httpOrigin}/api/docs` },
      'x-cursor-rules': [...CURSOR_RULES],
    },
    'x-cursor-rules': [...CURSOR_RULES],
    'x-cursor-rules-vi': [...CURSOR_RULES_VI],
    'x-limits': { ...REALTIME_LIMITS },
    defaultContentType: 'application/json',
    servers: {
      api: {
        host: server.host,
        protocol: server.secure ? 'wss' : 'ws',
        pathname: '/socket.io',
        title: 'Liên Thông API (socket.io)',
        summary: 'socket.io v4 endpoint of the API. / Điểm kết nối socket.io v4 của API.',
        description:
          "A socket.io v4 server (Engine.IO 4) on the API's origin at path `/socket.io`, default namespace " +
          '`/`. Connect with a socket.io client, not a raw WebSocket: `<origin>/socket.io/?EIO=4&transport=websocket`. ' +
          'Authenticate with the handshake `auth` object, never the query string.',
        security: [ref('#/components/securitySchemes/accessToken')],
        'x-socketio': {
          serverVersion: '4',
          socketIoProtocol: 5,
          engineIoProtocol: 4,
          path: '/socket.io',
          namespace: '/',
          transports: ['websocket', 'polling'],
          recommendedTransport: 'websocket',
          parser: 'default (JSON)',
          auth: {
            type: 'object',
            properties: { token: str('Access token from POST /auth/sign-in (or POST /auth/refresh).') },
            required: ['token'],
          },
          connectErrorCodes: [...HANDSHAKE_ERRORS],
        },
      },
    },
    channels,
    operations,
    components: {
      schemas,
      messages,
      securitySchemes: {
        accessToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'The access token from `POST /auth/sign-in`, sent in the socket.io handshake `auth` object as ' +
            '`{ token: "<access token>" }` — not an HTTP header and never the query string. / Access token gửi ' +
            'trong đối tượng `auth` của handshake socket.io, không qua header hay query string.',
          'x-socketio-auth-field': 'token',
        },
      },
    },
  };
}

/** A plausible refusal for the reply examples. */
function refusalExample(name: ClientEventName): AppErrorPayload {
  if (name === 'feed.sync') {
    return {
      code: 'feed/cursor_expired',
      message: {
        vi: 'Dữ liệu quá cũ đã được dọn; hãy tải lại toàn bộ.',
        en: 'Events after this cursor were pruned; reload everything.',
      },
      event: name,
      details: { floor: 12000 },
    };
  }
  const field = Object.keys(CLIENT_REQUEST_DOCS[name].example.request)[0] ?? '';
  return {
    code: 'request/validation_failed',
    message: { vi: 'Dữ liệu gửi lên không hợp lệ.', en: 'The request data is invalid.' },
    event: name,
    details: {
      fields: [{ field, constraints: ['isDefined'], message: `${field} should not be null or undefined` }],
    },
  };
}
