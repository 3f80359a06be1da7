/**
 * Messaging's part of the socket contract: its payloads and requests as TypeBox schemas (the
 * types derive from them) and their entries in the contract's registries. Browser-safe:
 * TypeBox and the generic contract only; prose and examples are in `chat-events.asyncapi.ts`.
 */
import { AttachmentMeta } from '@lt/files/attachment-meta';
import {
  DateTime,
  Nullable,
  PersonRef,
  REALTIME_LIMITS,
  StringEnum,
  UnitRef,
  Uuid,
  PayloadsOf,
  RequestsOf,
} from '@lt/realtime/contract';
import { type Static, Type } from '@sinclair/typebox';

export const CHANNEL_KINDS = ['unit', 'thread', 'direct'] as const;
/** kênh đơn vị (a unit's people), luồng trao đổi (on a directive, task or document), tin nhắn riêng. */
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const THREAD_SUBJECT_TYPES = ['directive', 'task', 'document'] as const;
export type ThreadSubjectType = (typeof THREAD_SUBJECT_TYPES)[number];

/** Which channel a message belongs to, enough to show and open it. */
export const ChannelRef = Type.Object(
  {
    id: Uuid('Channel id.'),
    kind: StringEnum(CHANNEL_KINDS, {
      description: 'unit: kênh đơn vị; thread: luồng trao đổi; direct: tin nhắn riêng.',
    }),
    title: Type.String({ description: 'The unit’s name, the subject’s title, or the two names.' }),
    unit: Nullable(UnitRef()),
    subject: Nullable(
      Type.Object({
        type: StringEnum(THREAD_SUBJECT_TYPES, { description: 'What the thread is on.' }),
        id: Uuid('Its id.'),
      }),
    ),
    people: Type.Array(PersonRef(), { description: 'The two people of a direct channel; empty otherwise.' }),
    readOnly: Type.Boolean({
      description:
        'The channel of a unit merged into another or deactivated: its history is read by the people of the unit it went into; nobody posts in it.',
    }),
  },
  { $id: 'ChannelRef', description: 'A channel, enough to show and open it. / Kênh trao đổi.' },
);
export type ChannelRef = Static<typeof ChannelRef>;

export const ChatMessageView = Type.Object(
  {
    id: Uuid('Message id.'),
    channelId: Uuid('Its channel.'),
    /** The paging and read cursor. */
    n: Type.Integer({ description: 'Its place in the channel: 1, 2, 3 … without gaps.', minimum: 1 }),
    author: PersonRef(),
    body: Type.String({ description: 'The text; empty once deleted.' }),
    mentions: Type.Array(PersonRef(), { description: 'People named in it.' }),
    attachments: Type.Array(AttachmentMeta, { description: 'Tệp đính kèm — attachments.' }),
    /** An announcement is a directive to the unit's people, with its receipts. */
    announcement: Nullable(
      Type.Object({
        directiveId: Uuid('The notice (thông báo) that carries its receipts.'),
        notation: Type.String({ description: 'Số, ký hiệu of the notice.' }),
        ackRequired: Type.Boolean({ description: 'Its people acknowledge it.' }),
        ackDueAt: Nullable(DateTime('Acknowledge by.')),
      }),
    ),
    createdAt: DateTime('Posted at.'),
    editedAt: Nullable(DateTime('Last edited at.')),
    deletedAt: Nullable(DateTime('Deleted at.')),
    version: Type.Integer({ description: 'Changes with every edit (optimistic concurrency).', minimum: 1 }),
  },
  { $id: 'ChatMessageView', description: 'A message. / Tin nhắn.' },
);
export type ChatMessageView = Static<typeof ChatMessageView>;

/** A channel in my list (GET /chat/channels), with my read cursor and unread counts (REST only). */
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

/** A page of a channel's history (GET /chat/channels/:id/messages), oldest first (REST only). */
export interface ChatMessagePage {
  messages: ChatMessageView[];
  /** Older messages exist: ask again with `before` = the first message's `n`. */
  more: boolean;
}

export const ChatMessagePayload = Type.Object(
  {
    channel: ChannelRef,
    message: ChatMessageView,
    mentionsYou: Type.Boolean({ description: 'The message names you.' }),
  },
  { $id: 'ChatMessagePayload' },
);

export const ChatMessageChangedPayload = Type.Object(
  { channel: ChannelRef, message: ChatMessageView },
  { $id: 'ChatMessageChangedPayload' },
);

export const ChatReadPayload = Type.Object(
  {
    channelId: Uuid('The channel.'),
    lastReadN: Type.Integer({ description: 'Your read cursor.', minimum: 0 }),
    unread: Type.Integer({ description: 'Your unread count there.', minimum: 0 }),
  },
  { $id: 'ChatReadPayload' },
);

export const CHAT_FEED_EVENTS = {
  /** A message in a channel you are in (your unit's, a direct one, a thread you follow). */
  'chat.message': ChatMessagePayload,
  /** A message was edited or deleted (`message.deletedAt`) by its author. */
  'chat.message_changed': ChatMessageChangedPayload,
  /** You marked a channel read (in another tab or device): its unread count is now `unread`. */
  'chat.read': ChatReadPayload,
};

export const ChatSendRequest = Type.Object(
  {
    channelId: Uuid('The channel. / Kênh.'),
    body: Type.String({
      description: 'The text (may be empty with attachments). / Nội dung.',
      maxLength: REALTIME_LIMITS.chatMessageMaxLength,
    }),
    /** They must be able to read the channel. */
    mentions: Type.Optional(
      Type.Array(Uuid('User id.'), {
        description: 'People named in the message. / Người được nhắc tên.',
        maxItems: REALTIME_LIMITS.chatMentionsMax,
      }),
    ),
    attachmentIds: Type.Optional(
      Type.Array(Uuid('File id.'), {
        description: 'Files uploaded with POST /api/files. / Tệp đính kèm.',
        maxItems: REALTIME_LIMITS.chatAttachmentsMax,
      }),
    ),
    /** A retry with the same key returns the first message instead of posting twice. */
    clientKey: Type.Optional(
      Type.String({
        description: 'Idempotency key: 8–128 letters, digits or ._:- / Khóa chống gửi trùng.',
        pattern: '^[A-Za-z0-9._:-]{8,128}$',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ChatSendRequest = Static<typeof ChatSendRequest>;

export const CHAT_REQUESTS = {
  'chat.send': { request: ChatSendRequest, response: ChatMessageView },
  'chat.mark_read': {
    request: Type.Object(
      {
        channelId: Uuid('The channel. / Kênh.'),
        upTo: Type.Integer({
          description: 'The `n` of the last message read. / Số thứ tự tin cuối đã đọc.',
          minimum: 0,
          maximum: Number.MAX_SAFE_INTEGER,
        }),
      },
      { additionalProperties: false },
    ),
    response: Type.Object({
      lastReadN: Type.Integer({ description: 'Your read cursor now.', minimum: 0 }),
      unread: Type.Integer({ description: 'Others’ messages after it.', minimum: 0 }),
    }),
  },
};

declare module '@lt/realtime/contract' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this capability's events to the registry
  interface FeedPayloads extends PayloadsOf<typeof CHAT_FEED_EVENTS> {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this capability's events to the registry
  interface ClientRequests extends RequestsOf<typeof CHAT_REQUESTS> {}
}
