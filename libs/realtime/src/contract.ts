/**
 * The socket.io event contract, shared by the server, the tests, the benchmarks and the
 * browser app. It imports nothing, so any TypeScript client can take this file as it is;
 * clients in other languages follow the AsyncAPI document built from it (`asyncapi.ts`,
 * served at GET /api/asyncapi.json).
 *
 * Rules, in short:
 * - Connect to the API's origin, path `/socket.io`, with `auth: { token: <access token> }`.
 *   Never put the token in the query string. A refused handshake ends in `connect_error`
 *   whose `data` is an {@link AppErrorPayload}.
 * - Everything a person must not miss arrives as `feed.event`, an envelope with a `seq`.
 *   `seq` grows with every event of the deployment, so one person's feed has gaps; it is
 *   the cursor. Keep the highest `seq` you have applied; after every (re)connect call
 *   `feed.sync` with it until `more` is false, and drop any envelope whose `seq` you have
 *   already applied. Live envelopes that arrive while a sync is running may be newer than
 *   the sync's page: hold them and apply them after the page, in `seq` order.
 * - Other server events (`directive.progress`) are live views of state the client can
 *   re-read over REST at any time; they carry no `seq` and are not replayed.
 * - Every client event takes an acknowledgement callback and answers `{ ok: true, data }`
 *   or `{ ok: false, error }`. A refused event also produces `app.error`.
 */

/** Error payload of `app.error`, of refused acknowledgements and of `connect_error`. */
export interface AppErrorPayload {
  code: string;
  message: { vi: string; en: string };
  /** The client event that caused it, when there was one. */
  event?: string;
  details?: Record<string, unknown>;
}

export type Ack<T> = { ok: true; data: T } | { ok: false; error: AppErrorPayload };

// ---------------------------------------------------------------------------------------
// Durable events (inside `feed.event`)

export const URGENCIES = [0, 1, 2, 3, 4] as const;
/** edXML priority (QCVN 102:2016): 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc, 4 hỏa tốc hẹn giờ. */
export type Urgency = (typeof URGENCIES)[number];

export interface AttachmentMeta {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface DirectiveSummary {
  id: string;
  /** Số, ký hiệu — e.g. `29/CT-UBND`. */
  notation: string;
  number: number;
  year: number;
  type: string;
  subject: string;
  body: string;
  urgency: Urgency;
  issuingUnit: { id: string; name: string };
  signer: { id: string; fullName: string };
  issuedAt: string;
  ackRequired: boolean;
  ackDueAt: string | null;
  attachments: AttachmentMeta[];
  recalledAt: string | null;
  recallReason: string | null;
}

export type ReceiptState = 'pending' | 'delivered' | 'read' | 'acknowledged';

export interface ReceiptView {
  directiveId: string;
  userId: string;
  unitId: string;
  state: ReceiptState;
  deliveredAt: string | null;
  readAt: string | null;
  acknowledgedAt: string | null;
  comment: string | null;
}

/** An incoming document handed to a leader for annotation (trình). */
export interface RoutedDocument {
  id: string;
  unit: { id: string; name: string };
  registerNumber: number;
  codeNumber: string;
  codeNotation: string;
  organName: string;
  typeName: string;
  subject: string;
  priority: Urgency;
  dueDate: string | null;
}

export interface FeedPayloads extends TaskPayloads, ChatPayloads, BriefingPayloads {
  /** An incoming document was routed to you for annotation (trình lãnh đạo cho ý kiến). */
  'document.routed': {
    document: RoutedDocument;
    by: { id: string; fullName: string };
    note: string | null;
    at: string;
  };
  /** A directive reached you (you are one of its recipients). */
  'directive.issued': DirectiveSummary;
  /** A directive you received was recalled (thu hồi): keep it, show it as recalled. */
  'directive.recalled': { directiveId: string; notation: string; recalledAt: string; reason: string };
  /** The issuer asks you to acknowledge a directive you have not acknowledged. */
  'directive.reminder': {
    directiveId: string;
    notation: string;
    subject: string;
    ackDueAt: string | null;
    remindedBy: string;
  };
  /** People of your unit (or you, as head one level up) missed an acknowledgement deadline. */
  'directive.escalated': {
    directiveId: string;
    notation: string;
    subject: string;
    ackDueAt: string;
    unitId: string;
    unitName: string;
    people: { userId: string; fullName: string }[];
  };
}

export type FeedEventName = keyof FeedPayloads;

export const TASK_STATE_NAMES = [
  'assigned',
  'accepted',
  'returned',
  'in_progress',
  'submitted',
  'completed',
  'cancelled',
] as const;
/** giao → nhận / trả lại → đang thực hiện → đã báo cáo → hoàn thành; or hủy. */
export type TaskStateName = (typeof TASK_STATE_NAMES)[number];

export interface PartyView {
  unit: { id: string; name: string };
  /** The person, when a person (not the whole unit) holds the role. */
  user: { id: string; fullName: string } | null;
}

/** A task as everyone involved sees it in lists and events. */
export interface TaskSummary {
  id: string;
  title: string;
  state: TaskStateName;
  /** edXML priority, as for directives: 0 thường … 4 hỏa tốc hẹn giờ. */
  priority: Urgency;
  /** The deadline in force. */
  deadline: string;
  /** The deadline as signed; an approved extension moves `deadline` only. */
  originalDeadline: string;
  issuedAt: string;
  progress: number;
  /** Overdue and stopped until its lead files an explanation and an apology letter. */
  blocked: boolean;
  latenessCount: number;
  lead: PartyView;
  assigner: { id: string; fullName: string; unitId: string };
  source: { type: 'directive' | 'annotation' | 'task' | 'briefing'; id: string } | null;
  parentId: string | null;
  version: number;
}

export interface TaskPayloads {
  /** A task you are involved in was assigned or changed. */
  'task.changed': {
    task: TaskSummary;
    /** What happened: `assign`, `accept`, `return`, `report`, `submit`, `complete`, `reopen`, `cancel`, … */
    action: string;
    by: { id: string; fullName: string } | null;
    at: string;
    note: string | null;
  };
  /** A task you lead is due soon. */
  'task.deadline_reminder': { task: TaskSummary; hoursBefore: number };
  /** A task you lead, assigned or answer for went past its deadline and is blocked. */
  'task.overdue': { task: TaskSummary; latenessNumber: number; missedDeadline: string };
  /** A second lateness on one task: a discipline case for you, as head, to review. */
  'task.discipline_case': {
    caseId: string;
    task: TaskSummary;
    latenessNumber: number;
    unitId: string;
  };
  /** The head decided the discipline case of a task you lead. */
  'task.discipline_decided': {
    caseId: string;
    task: TaskSummary;
    decision: DisciplineDecision;
    note: string | null;
    decidedBy: { id: string; fullName: string };
    decidedAt: string;
  };
}

export const DISCIPLINE_DECISIONS = [
  'accept_explanation',
  'remind',
  'criticise',
  'propose_discipline',
] as const;
/**
 * A head's decision on a discipline case: chấp nhận giải trình (accept the explanation),
 * nhắc nhở (remind), phê bình (criticise), đề nghị xem xét xử lý kỷ luật (refer for discipline).
 */
export type DisciplineDecision = (typeof DISCIPLINE_DECISIONS)[number];

export type FeedEnvelope = {
  [K in FeedEventName]: { seq: number; name: K; at: string; payload: FeedPayloads[K] };
}[FeedEventName];

export interface FeedPage {
  events: FeedEnvelope[];
  /** The highest seq of the whole deployment when the page was read. */
  head: number;
  /** More events follow: sync again from the last `seq` of this page. */
  more: boolean;
}

// ---------------------------------------------------------------------------------------
// Messaging (libs/chat)

export const CHANNEL_KINDS = ['unit', 'thread', 'direct'] as const;
/** kênh đơn vị (a unit's people), luồng trao đổi (on a directive, task or document), tin nhắn riêng. */
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const THREAD_SUBJECT_TYPES = ['directive', 'task', 'document'] as const;
export type ThreadSubjectType = (typeof THREAD_SUBJECT_TYPES)[number];

/** Which channel a message belongs to, enough to show and open it. */
export interface ChannelRef {
  id: string;
  kind: ChannelKind;
  /** The unit's name, the subject's title; for a direct channel the two names. */
  title: string;
  unit: { id: string; name: string } | null;
  subject: { type: ThreadSubjectType; id: string } | null;
  /** The two people of a direct channel; empty otherwise. */
  people: { id: string; fullName: string }[];
}

export interface ChatMessageView {
  id: string;
  channelId: string;
  /** The message's place in its channel: 1, 2, 3 … without gaps; the paging and read cursor. */
  n: number;
  author: { id: string; fullName: string };
  /** Empty once deleted. */
  body: string;
  mentions: { id: string; fullName: string }[];
  attachments: AttachmentMeta[];
  /** An announcement is a directive to the unit's people, with its receipts. */
  announcement: {
    directiveId: string;
    notation: string;
    ackRequired: boolean;
    ackDueAt: string | null;
  } | null;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  version: number;
}

/** A channel in my list (GET /chat/channels), with my read cursor and unread counts. */
export interface ChatChannelView extends ChannelRef {
  lastN: number;
  lastReadN: number;
  /** Others' messages after my read cursor (deleted ones aside), at most `REALTIME_LIMITS.chatUnreadCap`. */
  unread: number;
  /** Of those, the ones that mention me. */
  unreadMentions: number;
  following: boolean;
  lastMessage: { authorName: string; body: string; at: string } | null;
}

/** A page of a channel's history (GET /chat/channels/:id/messages), oldest first. */
export interface ChatMessagePage {
  messages: ChatMessageView[];
  /** Older messages exist: ask again with `before` = the first message's `n`. */
  more: boolean;
}

export interface ChatPayloads {
  /** A message in a channel you are in (your unit's, a direct one, a thread you follow). */
  'chat.message': { channel: ChannelRef; message: ChatMessageView; mentionsYou: boolean };
  /** A message was edited or deleted (`message.deletedAt`) by its author. */
  'chat.message_changed': { channel: ChannelRef; message: ChatMessageView };
  /** You marked a channel read (in another tab or device): its unread count is now `unread`. */
  'chat.read': { channelId: string; lastReadN: number; unread: number };
}

// ---------------------------------------------------------------------------------------
// Weekly briefing (libs/briefings)

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
export interface BriefingSummary {
  id: string;
  /** The unit whose briefing it is. */
  unit: { id: string; name: string };
  /** ISO week of the meeting in Vietnam time, e.g. `2026-W48`. */
  week: string;
  title: string;
  meetingAt: string;
  /** Hạn nộp báo cáo. */
  cutoffAt: string;
  state: BriefingState;
  /** Kết luận, once closed. */
  conclusion: string | null;
}

/** An expected reporter: a subordinate unit (its leaders submit for it), or a named person. */
export interface BriefingReporterRef {
  id: string;
  unit: { id: string; name: string };
  /** The person, when a person (not a whole unit) reports. */
  user: { id: string; fullName: string } | null;
}

export interface BriefingCounts {
  expected: number;
  onTime: number;
  late: number;
  missing: number;
  pending: number;
  /** Reports resubmitted after the cut-off (counted under onTime or late by their first submission). */
  revisedAfterCutoff: number;
}

export interface BriefingPayloads {
  /** A briefing was opened that you report to, or (as another leader of its unit) follow. */
  'briefing.opened': { briefing: BriefingSummary; by: { id: string; fullName: string }; at: string };
  /** A report was submitted (or resubmitted) to a briefing of a unit you lead. */
  'briefing.submitted': {
    briefing: BriefingSummary;
    reporter: BriefingReporterRef;
    /** 1 for the first submission, then one more for each resubmission. */
    version: number;
    /** First submitted after the cut-off. */
    late: boolean;
    /** A resubmission after the cut-off (the report stays on time or late by its first). */
    revisedAfterCutoff: boolean;
    by: { id: string; fullName: string };
    at: string;
  };
  /** A leader commented an item of a report you submit. */
  'briefing.commented': {
    briefing: BriefingSummary;
    reporter: BriefingReporterRef;
    item: { id: string; section: BriefingSection; text: string };
    comment: { id: string; text: string; author: { id: string; fullName: string }; createdAt: string };
  };
  /** A briefing you report to (or follow) was closed with its conclusion. */
  'briefing.closed': {
    briefing: BriefingSummary;
    counts: BriefingCounts;
    by: { id: string; fullName: string };
    at: string;
  };
  /** The cut-off is near and your report has not been submitted. */
  'briefing.reminder': { briefing: BriefingSummary; reporter: BriefingReporterRef; hoursBefore: number };
}

// ---------------------------------------------------------------------------------------
// Live views (not replayed)

export interface ProgressCounts {
  recipients: number;
  delivered: number;
  read: number;
  acknowledged: number;
}

export interface DirectiveProgressEvent {
  directiveId: string;
  counts: ProgressCounts;
  changes: { userId: string; unitId: string; state: ReceiptState; at: string }[];
}

export interface SessionReady {
  userId: string;
  /** When this connection's access token expires; send `auth.refresh` before then. */
  tokenExpiresAt: string;
  head: number;
}

export interface ServerToClientEvents {
  'session.ready': (data: SessionReady) => void;
  'feed.event': (envelope: FeedEnvelope) => void;
  'directive.progress': (data: DirectiveProgressEvent) => void;
  'app.error': (error: AppErrorPayload) => void;
}

// ---------------------------------------------------------------------------------------
// Client requests (every one takes an acknowledgement callback)

export interface ClientRequests {
  'feed.sync': { request: { after: number; limit?: number }; response: FeedPage };
  'auth.refresh': { request: { token: string }; response: { tokenExpiresAt: string } };
  'directive.delivered': { request: { directiveIds: string[] }; response: { updated: number } };
  'directive.read': { request: { directiveId: string }; response: ReceiptView };
  'directive.acknowledge': { request: { directiveId: string; comment?: string }; response: ReceiptView };
  'directive.watch': { request: { directiveId: string }; response: ProgressCounts };
  'directive.unwatch': { request: { directiveId: string }; response: Record<string, never> };
  'chat.send': { request: ChatSendRequest; response: ChatMessageView };
  'chat.mark_read': {
    request: { channelId: string; upTo: number };
    response: { lastReadN: number; unread: number };
  };
}

export interface ChatSendRequest {
  channelId: string;
  body: string;
  /** People named in the message (they must be able to read the channel). */
  mentions?: string[];
  /** Uploaded files (POST /api/files) to attach. */
  attachmentIds?: string[];
  /** A retry with the same key returns the first message instead of posting twice. */
  clientKey?: string;
}

export type ClientEventName = keyof ClientRequests;

export type ClientToServerEvents = {
  [K in ClientEventName]: (
    request: ClientRequests[K]['request'],
    ack: (response: Ack<ClientRequests[K]['response']>) => void,
  ) => void;
};

/** Limits a client should respect; the server enforces them (see the configuration table). */
export const REALTIME_LIMITS = {
  feedPageMax: 500,
  feedPageDefault: 200,
  deliveredBatchMax: 500,
  commentMaxLength: 2000,
  chatMessageMaxLength: 4000,
  chatMentionsMax: 50,
  chatAttachmentsMax: 10,
  /** Unread counts stop here; show "999+". */
  chatUnreadCap: 999,
} as const;

/** Socket.io room names: one per person, one per unit, one per watched directive. */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  unit: (unitId: string) => `unit:${unitId}`,
  directive: (directiveId: string) => `directive:${directiveId}`,
} as const;
