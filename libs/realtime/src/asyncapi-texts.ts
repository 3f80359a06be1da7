/**
 * The hand-written prose of the AsyncAPI document that belongs to the realtime library
 * itself: the protocol (connecting, acknowledgements, the cursor rules) and the events the
 * gateway answers or sends on its own. The capabilities' events are described next to their
 * schemas (`libs/<capability>/src/*-events.asyncapi.ts`).
 */
import type { ErrorCode } from '@lt/common';
import { Type } from '@sinclair/typebox';
import {
  AppErrorPayload,
  FEED_ENVELOPE_REF,
  type FeedEnvelope,
  AuthRefreshRequest,
  AuthRefreshResponse,
  FeedPage,
  FeedSyncRequest,
  HANDSHAKE_ERRORS,
  REALTIME_LIMITS,
  SessionReady,
} from './contract';
import type { ClientRequestDocs, ServerEventDoc } from './asyncapi';

/** The handshake refusals are error codes of the catalogue. */
export const HANDSHAKE_ERROR_CODES: readonly ErrorCode[] = HANDSHAKE_ERRORS;

/** Any client request can be refused with these, whatever it is. */
export const COMMON_REQUEST_ERRORS: readonly ErrorCode[] = [
  'request/validation_failed',
  'realtime/rate_limited',
  'internal/error',
];

/** Substance of contract.ts's header: the rules that keep a client's feed complete and ordered. */
export const CURSOR_RULES: readonly string[] = [
  "Every durable event reaches you as `feed.event`, an envelope with an integer `seq`. `seq` grows with every event of the whole deployment, so one person's feed has gaps; gaps are normal and lose nothing. `seq` is the cursor.",
  'Keep the highest `seq` you have applied (persist it with your local data; 0 when you have none).',
  'After every connect and every reconnect, call `feed.sync` with `after` = that `seq`; while the answer has `more: true`, call it again with `after` = the last `seq` of the page just applied, until `more` is false.',
  'Drop any envelope whose `seq` is less than or equal to the highest `seq` you have applied: the same envelope can arrive both live and from `feed.sync`.',
  "Live `feed.event` envelopes that arrive while a sync is running may be newer than the sync's page: hold them, and apply them after the page, in `seq` order (still dropping those already applied). Hold them until the sync has finished (`more` is false), so a held envelope never jumps ahead of a page not read yet.",
  'A `feed.sync` refused with `feed/cursor_expired` (410) means events after your cursor were pruned: reload everything over REST and start again from a fresh cursor.',
  'Other server events (`directive.progress`) are live views of state you can re-read over REST at any time; they carry no `seq` and are not replayed.',
];

export const CURSOR_RULES_VI: readonly string[] = [
  'Mọi sự kiện bền vững đến dưới dạng `feed.event`, một envelope có `seq` là số nguyên. `seq` tăng theo mọi sự kiện của toàn hệ thống nên dãy `seq` của mỗi người có khoảng trống; điều đó bình thường, không mất gì. `seq` chính là con trỏ.',
  'Lưu `seq` lớn nhất đã áp dụng (cùng dữ liệu cục bộ; bằng 0 khi chưa có).',
  'Sau mỗi lần kết nối và kết nối lại, gọi `feed.sync` với `after` = `seq` đó; khi kết quả còn `more: true` thì gọi tiếp với `after` = `seq` cuối của trang vừa áp dụng, cho đến khi `more` là false.',
  'Bỏ qua mọi envelope có `seq` nhỏ hơn hoặc bằng `seq` lớn nhất đã áp dụng: cùng một envelope có thể đến cả trực tiếp lẫn qua `feed.sync`.',
  'Envelope trực tiếp đến trong lúc đang đồng bộ có thể mới hơn trang đồng bộ: giữ lại và áp dụng sau trang, theo thứ tự `seq` (vẫn bỏ những cái đã áp dụng). Giữ cho đến khi đồng bộ xong (`more` là false).',
  '`feed.sync` bị từ chối với `feed/cursor_expired` (410) nghĩa là các sự kiện sau con trỏ đã bị dọn: tải lại toàn bộ qua REST rồi bắt đầu lại với con trỏ mới.',
  'Các sự kiện khác (`directive.progress`) là trạng thái trực tiếp có thể đọc lại qua REST bất cứ lúc nào; không có `seq` và không được phát lại.',
];

/** Ids and times the examples of every capability share, so they tell one story. */
export const EXAMPLE_IDS = {
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
const EX = EXAMPLE_IDS;

/** The server events of the gateway itself; capabilities add live events (`LiveEvents`). */
export const GATEWAY_EVENT_DOCS: {
  'session.ready': ServerEventDoc<SessionReady>;
  'feed.event': ServerEventDoc<FeedEnvelope>;
  'app.error': ServerEventDoc<AppErrorPayload>;
} = {
  'session.ready': {
    summary: 'The connection is authenticated / Kết nối đã được xác thực',
    description:
      'Sent once, right after a successful handshake, to this connection only. `tokenExpiresAt` is when ' +
      'the server will close the connection unless `auth.refresh` presents a newer access token; `head` ' +
      'is the highest `seq` of the deployment. Then run the cursor rules (`feed.sync`). ' +
      'Gửi một lần ngay sau khi handshake thành công, chỉ cho kết nối này. Trước `tokenExpiresAt` hãy gửi ' +
      '`auth.refresh`; sau đó đồng bộ bằng `feed.sync`.',
    payload: SessionReady,
    channels: ['connection'],
    examples: [{ userId: EX.user, tokenExpiresAt: EX.tokenExpiresAt, head: 18342 }],
  },
  'feed.event': {
    summary: 'A durable event of your feed / Sự kiện bền vững trong feed của bạn',
    description:
      'An envelope `{ seq, name, at, payload }`; `name` tells which payload it carries. Apply it following ' +
      'the cursor rules (`x-cursor-rules`). Ignore a `name` you do not know but still count its `seq` as ' +
      'applied. Áp dụng theo quy tắc con trỏ; `name` không biết thì bỏ qua nhưng vẫn tính `seq` là đã áp dụng.',
    payload: Type.Unsafe<FeedEnvelope>({ $ref: FEED_ENVELOPE_REF }),
    channels: ['user', 'unit'],
    // The builder gives one example per feed event, from the capabilities' examples.
    examples: [],
  },
  'app.error': {
    summary: 'A request or the connection was refused / Yêu cầu hoặc kết nối bị từ chối',
    description:
      'Sent to this connection only: for every refused client event (also answered in its acknowledgement, ' +
      '`event` names it), for `realtime/unknown_event`, for `realtime/rate_limited`, and with ' +
      '`auth/token_expired` just before the server closes a connection whose access token expired. ' +
      'Chỉ gửi cho kết nối này: khi sự kiện bị từ chối, sự kiện không được hỗ trợ, vượt giới hạn tốc độ, ' +
      'hoặc `auth/token_expired` ngay trước khi máy chủ đóng kết nối có token hết hạn.',
    payload: AppErrorPayload,
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

/** The client requests the gateway answers itself. */
export const GATEWAY_REQUEST_DOCS: ClientRequestDocs<'feed.sync' | 'auth.refresh'> = {
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
    request: FeedSyncRequest,
    response: FeedPage,
    errors: ['feed/cursor_invalid', 'feed/cursor_expired'],
    example: {
      request: { after: 18342, limit: REALTIME_LIMITS.feedPageDefault },
      response: {
        // The builder puts the first documented feed event here.
        events: [],
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
    request: AuthRefreshRequest,
    response: AuthRefreshResponse,
    errors: ['auth/token_invalid', 'auth/token_expired', 'auth/session_revoked', 'auth/account_disabled'],
    example: {
      request: { token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI1ZjBjIn0.c2lnbmF0dXJl' },
      response: { tokenExpiresAt: '2026-03-02T02:45:00.000Z' },
    },
  },
};

const bulletList = (lines: readonly string[]): string => lines.map((line) => `- ${line}`).join('\n');

export function infoDescription(): string {
  const codes = HANDSHAKE_ERROR_CODES.map((c) => `\`${c}\``).join(', ');
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
