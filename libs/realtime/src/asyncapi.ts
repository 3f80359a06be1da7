/**
 * The AsyncAPI 3.0.0 document of the socket.io contract, for clients that cannot import
 * TypeScript (python-socketio, Kotlin, ...). Its component schemas are generated from the
 * TypeBox schemas the contract's types derive from (`contract.ts` and each capability's
 * `*-events.ts`): a schema with an `$id` becomes `#/components/schemas/<$id>` and is referenced
 * wherever it is used. Only prose and examples are written by hand, beside the schemas they
 * describe. The capabilities' parts reach the builder as a `RealtimeContract`, assembled where
 * every capability may be imported (apps/api/src/realtime-contract.ts); the gateway validates
 * client events with the same schemas (`requestSchemas`).
 */
import type { ErrorCode } from '@lt/common';
import type { TSchema } from '@sinclair/typebox';
import {
  type AppErrorPayload,
  type ClientEventName,
  type ClientRequests,
  FEED_ENVELOPE_REF,
  type FeedEnvelope,
  FeedEnvelopeVariant,
  type FeedPage,
  type FeedEventName,
  type FeedPayloads,
  type LiveEventName,
  type LiveEvents,
  REALTIME_LIMITS,
} from './contract';
import {
  COMMON_REQUEST_ERRORS,
  CURSOR_RULES,
  CURSOR_RULES_VI,
  EXAMPLE_IDS,
  GATEWAY_EVENT_DOCS,
  GATEWAY_REQUEST_DOCS,
  HANDSHAKE_ERROR_CODES,
  infoDescription,
} from './asyncapi-texts';

/** A JSON Schema (AsyncAPI Schema Object, a superset of JSON Schema draft 7) as plain data. */
export type JsonSchema = { [keyword: string]: unknown };

/** A schema whose type is `P`: a description cannot pair a payload with another payload's schema. */
export type SchemaOf<P> = TSchema & { static: P };

export interface FeedEventDoc<P> {
  summary: string;
  description: string;
  /** Schema of the envelope's `payload`; it must be named (`$id`), it becomes a component. */
  payload: SchemaOf<P>;
  example: P;
}

/** Channels (socket.io rooms, or the connection itself) a server event is emitted to. */
export type ChannelId = 'connection' | 'user' | 'unit' | 'directive';

export interface ServerEventDoc<P> {
  summary: string;
  description: string;
  payload: SchemaOf<P>;
  /** Where the server emits it; one `send` operation per channel. */
  channels: readonly ChannelId[];
  examples: readonly P[];
}

export interface ClientRequestDoc<R extends { request: unknown; response: unknown }> {
  summary: string;
  description: string;
  request: SchemaOf<R['request']>;
  /** Schema of `data` in the accepted acknowledgement. */
  response: SchemaOf<R['response']>;
  /** Codes this request typically answers with besides COMMON_REQUEST_ERRORS; not exhaustive. */
  errors: readonly ErrorCode[];
  example: R;
}

export type FeedEventDocs<K extends FeedEventName = FeedEventName> = {
  [N in K]: FeedEventDoc<FeedPayloads[N]>;
};
export type LiveEventDocs<K extends LiveEventName = LiveEventName> = {
  [N in K]: ServerEventDoc<LiveEvents[N]>;
};
export type ClientRequestDocs<K extends ClientEventName = ClientEventName> = {
  [N in K]: ClientRequestDoc<ClientRequests[N]>;
};

/** Events the gateway answers itself; the capabilities bring the others. */
type GatewayRequestName = keyof typeof GATEWAY_REQUEST_DOCS;

/**
 * Every capability's events, described. Typed complete: an event added to a registry of the
 * contract without its description fails the type-check where the contract is assembled.
 */
export interface RealtimeContract {
  feed: FeedEventDocs;
  live: LiveEventDocs;
  requests: ClientRequestDocs<Exclude<ClientEventName, GatewayRequestName>>;
}

/** The injection token of the assembled contract (RealtimeGatewayModule.forRoot). */
export const REALTIME_CONTRACT = Symbol('REALTIME_CONTRACT');

// ---------------------------------------------------------------------------------------
// From TypeBox schemas to components

const isObject = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const ref = (pointer: string): JsonSchema => ({ $ref: pointer });
const schemaRef = (name: string): JsonSchema => ref(`#/components/schemas/${name}`);

/** The components a document's schemas are made of, collected as the document is built. */
class Components {
  readonly schemas: Record<string, JsonSchema> = {};

  /** The schema as JSON, its named sub-schemas replaced by references (and collected). */
  inline(schema: TSchema): JsonSchema {
    return this.json(schema, true) as JsonSchema;
  }

  /** A reference to the schema when it is named, else the schema inline. */
  use(schema: TSchema): JsonSchema {
    return this.json(schema, false) as JsonSchema;
  }

  /** Adds a component of the document's own making (not a TypeBox schema). */
  add(name: string, schema: JsonSchema): void {
    this.schemas[name] = schema;
  }

  describe(name: string, description: string): void {
    const schema = this.schemas[name];
    if (schema && schema.description === undefined) this.schemas[name] = { description, ...schema };
  }

  private json(value: unknown, root: boolean): unknown {
    if (Array.isArray(value)) return value.map((item) => this.json(item, false));
    if (!isObject(value)) return value;
    if (!root && typeof value.$id === 'string') return this.named(value.$id, value);
    // Object.entries skips TypeBox's symbol keys ([Kind], [OptionalKind]): plain JSON remains.
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== '$id')
        .map(([key, item]) => [key, this.json(item, false)]),
    );
  }

  private named(name: string, schema: JsonSchema): JsonSchema {
    const json = this.json(schema, true) as JsonSchema;
    const known = this.schemas[name];
    if (known && JSON.stringify(known) !== JSON.stringify(json))
      throw new Error(`two different schemas are named ${name}`);
    this.schemas[name] = json;
    return schemaRef(name);
  }
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

type AnyRequestDoc = ClientRequestDoc<{ request: unknown; response: unknown }>;
type AnyServerDoc = ServerEventDoc<unknown>;

/** Every client request's description, the gateway's own first. */
function requestDocs(contract: RealtimeContract): Record<ClientEventName, AnyRequestDoc> {
  return { ...GATEWAY_REQUEST_DOCS, ...contract.requests };
}

/**
 * The schema of every client request's payload: the gateway validates with these, so what the
 * document promises is exactly what the server accepts.
 */
export function requestSchemas(contract: RealtimeContract): Record<ClientEventName, TSchema> {
  const docs = requestDocs(contract);
  return Object.fromEntries(Object.entries(docs).map(([name, doc]) => [name, doc.request])) as Record<
    ClientEventName,
    TSchema
  >;
}

/** The contract's event names, in the order the document lists them. */
export function eventNames(contract: RealtimeContract) {
  const { 'app.error': appError, ...leading } = GATEWAY_EVENT_DOCS;
  return {
    server: [
      ...Object.keys(leading),
      ...Object.keys(contract.live),
      ...Object.keys({ 'app.error': appError }),
    ],
    client: Object.keys(requestDocs(contract)) as ClientEventName[],
    feed: Object.keys(contract.feed) as FeedEventName[],
  };
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

/** Builds the AsyncAPI 3.0.0 document (served at GET /api/asyncapi.json). */
export function buildAsyncApiDocument(
  contract: RealtimeContract,
  options: { serverUrl?: string; version?: string },
): Record<string, unknown> {
  const server = parseServer(options.serverUrl);
  const EVENT_NAMES = eventNames(contract);
  const components = new Components();
  const feedDocs = contract.feed as Record<FeedEventName, FeedEventDoc<unknown>>;
  const clientDocs = requestDocs(contract);
  const feedExamples = EVENT_NAMES.feed.map(
    (name, index) =>
      ({
        seq: 18343 + index * 7,
        name,
        at: EXAMPLE_IDS.now,
        payload: feedDocs[name].example,
      }) as FeedEnvelope,
  );
  const serverDocs: Record<string, AnyServerDoc> = {
    ...GATEWAY_EVENT_DOCS,
    'feed.event': { ...GATEWAY_EVENT_DOCS['feed.event'], examples: feedExamples },
    ...(contract.live as Record<string, AnyServerDoc>),
  };

  // --- the feed envelope, one variant per durable event ------------------------------
  for (const name of EVENT_NAMES.feed) {
    const doc = feedDocs[name];
    if (typeof doc.payload.$id !== 'string') throw new Error(`the payload schema of ${name} has no $id`);
    components.add(
      `FeedEnvelope${pascal(name)}`,
      components.inline(
        FeedEnvelopeVariant(name, doc.payload, `\`${name}\`: ${doc.summary}. ${doc.description}`),
      ),
    );
    components.describe(doc.payload.$id, doc.summary);
  }
  components.add('FeedEnvelope', {
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
  });
  if (FEED_ENVELOPE_REF !== '#/components/schemas/FeedEnvelope') throw new Error('FEED_ENVELOPE_REF moved');

  // --- messages ------------------------------------------------------------------------
  const messages: Record<string, JsonSchema> = {};
  for (const name of EVENT_NAMES.server) {
    const doc = serverDocs[name];
    messages[camel(name)] = {
      name,
      title: name,
      summary: doc.summary,
      description: doc.description,
      contentType: 'application/json',
      payload: components.use(doc.payload),
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
    const doc = clientDocs[name];
    // The sample page of `feed.sync` holds the first documented event, as issued.
    const example =
      name === 'feed.sync'
        ? {
            ...doc.example,
            response: {
              ...(doc.example.response as FeedPage),
              events: [{ ...feedExamples[0], at: EXAMPLE_IDS.issuedAt }],
            },
          }
        : doc.example;
    components.add(`${pascal(name)}Request`, {
      ...components.inline(doc.request),
      description: `Payload of \`${name}\`: ${doc.summary}.`,
    });
    components.add(`${pascal(name)}Ack`, ackSchema(name, components.use(doc.response)));
    messages[camel(name)] = {
      name,
      title: name,
      summary: doc.summary,
      description: doc.description,
      contentType: 'application/json',
      payload: schemaRef(`${pascal(name)}Request`),
      'x-socketio-event': name,
      'x-ack-required': true,
      'x-ack': ackSchema(name, components.use(doc.response)),
      'x-errors': [...doc.errors, ...COMMON_REQUEST_ERRORS],
      examples: [{ name: `${camel(name)}Request`, summary: doc.summary, payload: example.request }],
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
          payload: { ok: true, data: example.response },
        },
        {
          name: `${camel(name)}Refused`,
          summary: 'Refused',
          payload: { ok: false, error: refusalExample(name, example.request) },
        },
      ],
    };
  }

  // --- channels ------------------------------------------------------------------------
  const messageRefs = (ids: readonly string[]): Record<string, JsonSchema> =>
    Object.fromEntries(ids.map((id) => [id, ref(`#/components/messages/${id}`)]));
  const serverMessagesOn = (channel: ChannelId): string[] =>
    EVENT_NAMES.server.filter((name) => serverDocs[name].channels.includes(channel)).map(camel);
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
    const doc = serverDocs[name];
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
    const doc = clientDocs[name];
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
            properties: {
              token: {
                type: 'string',
                description: 'Access token from POST /auth/sign-in (or POST /auth/refresh).',
              },
            },
            required: ['token'],
          },
          connectErrorCodes: [...HANDSHAKE_ERROR_CODES],
        },
      },
    },
    channels,
    operations,
    components: {
      schemas: components.schemas,
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
function refusalExample(name: ClientEventName, request: unknown): AppErrorPayload {
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
  const field = Object.keys(request as object)[0] ?? '';
  return {
    code: 'request/validation_failed',
    message: { vi: 'Dữ liệu gửi lên không hợp lệ.', en: 'The request data is invalid.' },
    event: name,
    details: {
      fields: [{ field, constraints: ['isDefined'], message: `${field} should not be null or undefined` }],
    },
  };
}
