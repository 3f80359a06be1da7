/**
 * The socket.io event contract, shared by the server, the tests, the benchmarks and the
 * browser app. Every payload is declared once, as a TypeBox schema (plain JSON Schema), and
 * its TypeScript type is derived from it with `Static<>`; the AsyncAPI document (`asyncapi.ts`,
 * served at GET /api/asyncapi.json) is generated from the same schemas, and the gateway
 * validates client events against them. It imports nothing but TypeBox, so the browser takes
 * it as it is.
 *
 * Ownership, in one direction of imports: this file holds the generic part — the envelope,
 * the feed page, the session, errors, the two requests the gateway answers itself, and the
 * shared vocabulary (urgency, person and unit references). Each capability declares its own
 * payloads in its own `*-events.ts` module (libs/directives, libs/tasks, libs/chat, ...) and
 * adds them to the registries below (`FeedPayloads`, `LiveEvents`, `ClientRequests`) by
 * declaration merging (`declare module '@lt/realtime/contract'`), so realtime never imports a
 * capability and still types every event end to end. The document and the validators are
 * given the capabilities' schemas at run time by the API (apps/api/src/realtime-contract.ts).
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
import { type Static, type TSchema, Type } from '@sinclair/typebox';

// ---------------------------------------------------------------------------------------
// Schema builders: the few shapes every capability's payloads are made of

/**
 * `T | null`. Written as `type: [T's type, 'null']` rather than TypeBox's `anyOf`, so each
 * field of the document still says its type in one keyword. Never a named component: a
 * nullable use of one inlines it.
 */
export function Nullable<T extends TSchema>(schema: T) {
  const { $id: _named, ...inline } = schema;
  return Type.Unsafe<Static<T> | null>({ ...inline, type: [schema.type, 'null'] });
}

/** A string out of a fixed list, as `enum` (TypeBox's union of literals would be an `anyOf`). */
export function StringEnum<const V extends readonly string[]>(
  values: V,
  options: Record<string, unknown> = {},
) {
  return Type.Unsafe<V[number]>({ ...options, type: 'string', enum: [...values] });
}

export const Uuid = (description: string) => Type.String({ description, format: 'uuid' });
export const DateTime = (description: string) => Type.String({ description, format: 'date-time' });

/** `{ id, fullName }` of a person. */
export const PersonRef = (description?: string, fullName = 'Full name.') =>
  Type.Object(
    { id: Uuid('User id.'), fullName: Type.String({ description: fullName }) },
    description ? { description } : {},
  );

/** `{ id, name }` of a unit. */
export const UnitRef = (description?: string) =>
  Type.Object(
    { id: Uuid('Unit id.'), name: Type.String({ description: 'Unit name.' }) },
    description ? { description } : {},
  );

// ---------------------------------------------------------------------------------------
// Shared vocabulary

export const URGENCIES = [0, 1, 2, 3, 4] as const;
/** edXML priority (QCVN 102:2016): 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc, 4 hỏa tốc hẹn giờ. */
export type Urgency = (typeof URGENCIES)[number];

export const URGENCY_LABELS: { [U in Urgency]: { vi: string; en: string; varName: string } } = {
  0: { vi: 'thường', en: 'normal', varName: 'NORMAL' },
  1: { vi: 'khẩn', en: 'urgent', varName: 'URGENT' },
  2: { vi: 'thượng khẩn', en: 'very urgent', varName: 'VERY_URGENT' },
  3: { vi: 'hỏa tốc', en: 'flash', varName: 'FLASH' },
  4: { vi: 'hỏa tốc hẹn giờ', en: 'flash with set time', varName: 'FLASH_WITH_SET_TIME' },
};

/** Directives, tasks and incoming documents share it; none of them imports another. */
export const Urgency = Type.Unsafe<Urgency>({
  $id: 'Urgency',
  type: 'integer',
  enum: [...URGENCIES],
  description:
    'edXML priority (QCVN 102:2016) / Độ khẩn: ' +
    URGENCIES.map((u) => `${u} = ${URGENCY_LABELS[u].vi} (${URGENCY_LABELS[u].en})`).join(', ') +
    '.',
  'x-enum-varnames': URGENCIES.map((u) => URGENCY_LABELS[u].varName),
  'x-enum-descriptions': URGENCIES.map((u) => `${URGENCY_LABELS[u].vi} / ${URGENCY_LABELS[u].en}`),
});

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

// ---------------------------------------------------------------------------------------
// Errors and acknowledgements

export const FieldErrorSchema = Type.Object(
  {
    field: Type.String({
      description: 'Path of the field, e.g. `directiveIds.0`; empty for the whole payload.',
    }),
    message: Type.String({ description: 'What is wrong (English).' }),
    constraints: Type.Optional(
      Type.Array(Type.String({ description: 'Constraint name.' }), {
        description: 'Names of the failed constraints, e.g. `isUuid`.',
      }),
    ),
  },
  {
    $id: 'FieldError',
    description:
      'One invalid field of a refused request (`details.fields[]`). / Một trường dữ liệu không hợp lệ.',
  },
);

/** The handshake refusals (`connect_error`), in the order a client meets them. */
export const HANDSHAKE_ERRORS = [
  'auth/token_missing',
  'auth/token_invalid',
  'auth/token_expired',
  'auth/session_revoked',
  'auth/account_disabled',
] as const;

/** Error payload of `app.error`, of refused acknowledgements and of `connect_error`. */
export const AppErrorPayload = Type.Object(
  {
    code: Type.String({
      description: 'Stable error code, e.g. `auth/token_expired`, `feed/cursor_expired`. / Mã lỗi ổn định.',
      examples: [
        ...HANDSHAKE_ERRORS,
        'feed/cursor_expired',
        'realtime/rate_limited',
        'realtime/unknown_event',
      ],
    }),
    message: Type.Object(
      {
        vi: Type.String({ description: 'Vietnamese / Tiếng Việt.' }),
        en: Type.String({ description: 'English / Tiếng Anh.' }),
      },
      { description: 'Human-readable message. / Thông báo cho người dùng.' },
    ),
    event: Type.Optional(
      Type.String({
        description: 'The client event that caused it, when there was one. / Sự kiện client gây ra lỗi.',
      }),
    ),
    // Open: codes add data of their own; the two the document names are described.
    details: Type.Optional(
      Type.Unsafe<Record<string, unknown>>({
        type: 'object',
        description:
          'Extra data of some codes: `fields` for `request/validation_failed`, `floor` for `feed/cursor_expired`. ' +
          '/ Dữ liệu thêm của một số mã lỗi.',
        properties: {
          fields: Type.Array(FieldErrorSchema, {
            description: 'Per-field problems of `request/validation_failed`.',
          }),
          floor: Type.Integer({
            description: 'For `feed/cursor_expired`: events at or below this `seq` were pruned.',
          }),
        },
        additionalProperties: true,
      }),
    ),
  },
  {
    $id: 'AppErrorPayload',
    description:
      'Error payload of `app.error`, of refused acknowledgements and of `connect_error` (its `data`). ' +
      "`code` is stable; show `message` in the user's language. " +
      'Lỗi của `app.error`, của phản hồi bị từ chối và của `connect_error`.',
  },
);
export type AppErrorPayload = Static<typeof AppErrorPayload>;

export type Ack<T> = { ok: true; data: T } | { ok: false; error: AppErrorPayload };

// ---------------------------------------------------------------------------------------
// Registries the capabilities fill (declaration merging, see the header)

/** Durable events, inside `feed.event`: event name → payload. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the capabilities
export interface FeedPayloads {}
/** Live views (not replayed, no `seq`): event name → payload. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the capabilities
export interface LiveEvents {}

/** A capability's table of payload schemas as the registry's types: event name → payload. */
export type PayloadsOf<T extends Record<string, TSchema>> = { [K in keyof T]: Static<T[K]> };
/** A capability's table of client requests as the registry's types: name → request and response. */
export type RequestsOf<T extends Record<string, { request: TSchema; response: TSchema }>> = {
  [K in keyof T]: { request: Static<T[K]['request']>; response: Static<T[K]['response']> };
};

export type FeedEventName = keyof FeedPayloads;
export type LiveEventName = keyof LiveEvents;

export type FeedEnvelope = {
  [K in FeedEventName]: { seq: number; name: K; at: string; payload: FeedPayloads[K] };
}[FeedEventName];

/** One variant of the envelope, for the document (`name` is what tells the variants apart). */
export const FeedEnvelopeVariant = <P extends TSchema>(name: string, payload: P, description: string) =>
  Type.Object(
    {
      seq: Type.Integer({
        description: 'The cursor: grows with every event of the deployment (gapped per person).',
        minimum: 1,
      }),
      name: Type.Literal(name),
      at: DateTime('When the event happened.'),
      payload,
    },
    { description },
  );

/** Where the document puts the union of every variant (assembled from the registry). */
export const FEED_ENVELOPE_REF = '#/components/schemas/FeedEnvelope';

export const FeedPage = Type.Object(
  {
    events: Type.Array(Type.Unsafe<FeedEnvelope>({ $ref: FEED_ENVELOPE_REF }), {
      description: 'Envelopes in ascending `seq` order.',
      maxItems: REALTIME_LIMITS.feedPageMax,
    }),
    head: Type.Integer({
      description: 'The highest seq of the whole deployment when the page was read.',
      minimum: 0,
    }),
    more: Type.Boolean({ description: 'More events follow: sync again from the last `seq` of this page.' }),
  },
  { $id: 'FeedPage', description: 'The answer of `feed.sync`. / Kết quả của `feed.sync`.' },
);
export type FeedPage = Static<typeof FeedPage>;

export const SessionReady = Type.Object(
  {
    userId: Uuid('The authenticated person.'),
    tokenExpiresAt: DateTime("When this connection's access token expires; send `auth.refresh` before then."),
    head: Type.Integer({ description: 'The highest `seq` of the deployment at connect time.', minimum: 0 }),
  },
  { $id: 'SessionReady', description: 'The payload of `session.ready`.' },
);
export type SessionReady = Static<typeof SessionReady>;

export type ServerToClientEvents = {
  'session.ready': (data: SessionReady) => void;
  'feed.event': (envelope: FeedEnvelope) => void;
  'app.error': (error: AppErrorPayload) => void;
} & { [K in LiveEventName]: (data: LiveEvents[K]) => void };

// ---------------------------------------------------------------------------------------
// Client requests (every one takes an acknowledgement callback)

export const FeedSyncRequest = Type.Object(
  {
    after: Type.Integer({
      description: 'The highest `seq` you have applied; 0 when you have none. / `seq` lớn nhất đã áp dụng.',
      minimum: 0,
    }),
    limit: Type.Optional(
      Type.Integer({
        description: 'Page size. / Số sự kiện tối đa mỗi trang.',
        minimum: 1,
        maximum: REALTIME_LIMITS.feedPageMax,
        default: REALTIME_LIMITS.feedPageDefault,
      }),
    ),
  },
  { additionalProperties: false },
);

export const AuthRefreshRequest = Type.Object(
  {
    token: Type.String({
      description: 'A new access token of the same person (JWT). / Access token mới (JWT).',
      minLength: 1,
    }),
  },
  { additionalProperties: false },
);
export const AuthRefreshResponse = Type.Object({
  tokenExpiresAt: DateTime('When the new token expires. / Thời điểm token mới hết hạn.'),
});

/** Client event name → its request and the `data` of its accepted acknowledgement. */
export interface ClientRequests {
  'feed.sync': { request: Static<typeof FeedSyncRequest>; response: FeedPage };
  'auth.refresh': {
    request: Static<typeof AuthRefreshRequest>;
    response: Static<typeof AuthRefreshResponse>;
  };
}

export type ClientEventName = keyof ClientRequests;

export type ClientToServerEvents = {
  [K in ClientEventName]: (
    request: ClientRequests[K]['request'],
    ack: (response: Ack<ClientRequests[K]['response']>) => void,
  ) => void;
};

/** Socket.io room names: one per person, one per unit, one per watched directive. */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  unit: (unitId: string) => `unit:${unitId}`,
  directive: (directiveId: string) => `directive:${directiveId}`,
} as const;
