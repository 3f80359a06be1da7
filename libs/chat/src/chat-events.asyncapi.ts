/**
 * What the AsyncAPI document says about messaging's events: hand-written prose and examples,
 * typed by the payloads. Server only; the schemas are in `chat-events.ts`.
 */
import { type ClientRequestDocs, EXAMPLE_IDS as EX, type FeedEventDocs } from '@lt/realtime';
import {
  CHAT_FEED_EVENTS,
  CHAT_REQUESTS,
  type ChannelRef,
  ChatMessageChangedPayload,
  ChatMessagePayload,
  type ChatMessageView,
  ChatReadPayload,
} from './chat-events';

const EXAMPLE_CHANNEL: ChannelRef = {
  id: '1c7e9a3b-5d2f-4e8a-9b1c-3d5f7a9c1e3b',
  kind: 'unit',
  title: 'UBND phường An Hải Bắc',
  unit: { id: EX.unit, name: 'UBND phường An Hải Bắc' },
  subject: null,
  people: [],
  readOnly: false,
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

export const CHAT_FEED_DOCS: FeedEventDocs<keyof typeof CHAT_FEED_EVENTS> = {
  'chat.message': {
    summary: 'A new message / Tin nhắn mới',
    description:
      "A message in a channel you are in: your unit's channel, a direct channel, or a thread you follow (you " +
      'opened it, wrote in it, were mentioned in it, or its subject involves you). `mentionsYou` is true when ' +
      'it names you. Keep the channel’s `n` to page history (`GET /chat/channels/{id}/messages`). ' +
      'Tin nhắn mới trong kênh của đơn vị, tin nhắn riêng, hoặc luồng trao đổi bạn theo dõi.',
    payload: ChatMessagePayload,
    example: { channel: EXAMPLE_CHANNEL, message: EXAMPLE_MESSAGE, mentionsYou: true },
  },
  'chat.message_changed': {
    summary: 'A message was edited or deleted / Tin nhắn đã được sửa hoặc xóa',
    description:
      'Replace the message you hold with this one (same `id`, higher `version`). A deleted message keeps its ' +
      'place with `deletedAt` set and an empty `body`. Thay tin nhắn đang giữ bằng bản này.',
    payload: ChatMessageChangedPayload,
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
    payload: ChatReadPayload,
    example: { channelId: EXAMPLE_CHANNEL.id, lastReadN: 128, unread: 0 },
  },
};

export const CHAT_REQUEST_DOCS: ClientRequestDocs<keyof typeof CHAT_REQUESTS> = {
  'chat.send': {
    summary: 'Post a message / Gửi tin nhắn',
    description:
      'Posts to a channel you may read, like `POST /chat/channels/{id}/messages` (announcements only there). ' +
      'Everyone mentioned must be able to read the channel. Resending with the same `clientKey` answers the ' +
      'first message instead of posting twice. Answers the message; the channel gets `chat.message`. ' +
      'Gửi tin nhắn vào kênh bạn được xem; gửi lại cùng `clientKey` không tạo tin thứ hai.',
    ...CHAT_REQUESTS['chat.send'],
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
    ...CHAT_REQUESTS['chat.mark_read'],
    errors: ['chat/channel_not_found'],
    example: {
      request: { channelId: EXAMPLE_CHANNEL.id, upTo: 128 },
      response: { lastReadN: 128, unread: 0 },
    },
  },
};
