import { Type, type TSchema } from '@sinclair/typebox';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
// The whole contract is assembled in the API (realtime never imports a capability); the
// document is built here from exactly what the API serves.
import { REALTIME_CONTRACT_DOCS } from '../../../apps/api/src/realtime-contract';
import { buildAsyncApiDocument, eventNames, type RealtimeContract, requestSchemas } from './asyncapi';
import { REALTIME_LIMITS } from './contract';
import { SocketPayloads } from './socket-payloads';

const CONTRACT = REALTIME_CONTRACT_DOCS;
const EVENT_NAMES = eventNames(CONTRACT);
const build = (
  options: { serverUrl?: string; version?: string } = {},
  contract: RealtimeContract = CONTRACT,
) => buildAsyncApiDocument(contract, options);

type Node = Record<string, unknown>;

const isObject = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Resolves a local JSON Pointer (`#/a/b~1c`) inside `root`; undefined when nothing is there. */
function resolvePointer(root: unknown, pointer: string): unknown {
  if (pointer === '#') return root;
  if (!pointer.startsWith('#/')) return undefined; // the document must be self-contained
  let node: unknown = root;
  for (const raw of pointer.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = (node as Node)[key];
  }
  return node;
}

/** Visits every object of the document with its JSON Pointer. */
function walk(node: unknown, path: string, visit: (node: Node, path: string) => void): void {
  if (Array.isArray(node)) node.forEach((item, index) => walk(item, `${path}/${index}`, visit));
  else if (isObject(node)) {
    visit(node, path);
    for (const [key, value] of Object.entries(node))
      walk(value, `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, visit);
  }
}

/** Every `$ref` of the document that does not point at something inside it, as `where -> target`. */
function findUnresolvedRefs(doc: unknown): string[] {
  const problems: string[] = [];
  walk(doc, '#', (node, path) => {
    if (!('$ref' in node)) return;
    const target = node.$ref;
    if (typeof target !== 'string' || resolvePointer(doc, target) === undefined)
      problems.push(`${path} -> ${String(target)}`);
  });
  return problems;
}

const deref = (doc: unknown, schema: Node): Node => {
  let current = schema;
  for (let hops = 0; typeof current.$ref === 'string'; hops += 1) {
    if (hops > 20) throw new Error(`$ref loop at ${current.$ref}`);
    const next = resolvePointer(doc, current.$ref);
    if (!isObject(next)) throw new Error(`unresolved ${current.$ref}`);
    current = next;
  }
  return current;
};

const TYPE_CHECKS: Record<string, (value: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  integer: (v) => Number.isInteger(v),
  number: (v) => typeof v === 'number',
  boolean: (v) => typeof v === 'boolean',
  null: (v) => v === null,
  array: (v) => Array.isArray(v),
  object: isObject,
};
const FORMATS: Record<string, RegExp> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
};

/**
 * A small JSON Schema validator for the keywords the document uses. Strict on purpose: a
 * property an object schema does not declare is an error unless it says
 * `additionalProperties: true`, so an example carrying a field the schema forgot fails.
 */
function validate(doc: unknown, input: Node, value: unknown, path = '$'): string[] {
  const schema = deref(doc, input);
  const errors: string[] = [];
  if (Array.isArray(schema.oneOf)) {
    const matches = (schema.oneOf as Node[]).filter((s) => validate(doc, s, value, path).length === 0).length;
    if (matches !== 1) errors.push(`${path}: matches ${matches} branches of oneOf`);
  }
  if ('const' in schema && value !== schema.const)
    errors.push(`${path}: expected ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`${path}: not in enum`);
  if (schema.type !== undefined) {
    const types = ([] as unknown[]).concat(schema.type) as string[];
    if (!types.some((type) => TYPE_CHECKS[type]?.(value)))
      return [...errors, `${path}: not ${types.join('|')}`];
  }
  if (typeof value === 'string') {
    const format = FORMATS[String(schema.format)];
    if (format && !format.test(value)) errors.push(`${path}: not a ${String(schema.format)}`);
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength)
      errors.push(`${path}: too long`);
    if (typeof schema.minLength === 'number' && value.length < schema.minLength)
      errors.push(`${path}: too short`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) errors.push(`${path}: below minimum`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) errors.push(`${path}: above maximum`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems)
      errors.push(`${path}: too many items`);
    if (isObject(schema.items))
      value.forEach((item, i) => errors.push(...validate(doc, schema.items as Node, item, `${path}[${i}]`)));
  }
  if (isObject(value) && (isObject(schema.properties) || schema.additionalProperties === false)) {
    const properties = (schema.properties ?? {}) as Record<string, Node>;
    for (const key of (schema.required ?? []) as string[])
      if (!(key in value)) errors.push(`${path}.${key}: missing`);
    for (const [key, item] of Object.entries(value)) {
      if (properties[key]) errors.push(...validate(doc, properties[key], item, `${path}.${key}`));
      else if (schema.additionalProperties !== true) errors.push(`${path}.${key}: not in the schema`);
    }
  }
  return errors;
}

/** JSON-Schema-ish: says what it is, and every nested schema does too. */
function schemaProblems(schema: Node, path: string): string[] {
  const problems: string[] = [];
  const says = ['type', 'oneOf', 'enum', '$ref', 'const'].some((keyword) => keyword in schema);
  if (!says) problems.push(`${path}: no type, oneOf, enum, const or $ref`);
  if (schema.type !== undefined) {
    for (const type of ([] as unknown[]).concat(schema.type)) {
      if (typeof type !== 'string' || !(type in TYPE_CHECKS))
        problems.push(`${path}: unknown type ${String(type)}`);
    }
  }
  if (isObject(schema.properties)) {
    for (const [key, sub] of Object.entries(schema.properties)) {
      problems.push(
        ...(isObject(sub)
          ? schemaProblems(sub, `${path}/properties/${key}`)
          : [`${path}/properties/${key}: not a schema`]),
      );
    }
  }
  if (schema.required !== undefined) {
    const declared = isObject(schema.properties) ? Object.keys(schema.properties) : [];
    if (!Array.isArray(schema.required)) problems.push(`${path}: required is not an array`);
    else
      for (const key of schema.required)
        if (!declared.includes(key as string)) problems.push(`${path}: required ${String(key)} undeclared`);
  }
  if (schema.items !== undefined) {
    problems.push(
      ...(isObject(schema.items)
        ? schemaProblems(schema.items, `${path}/items`)
        : [`${path}/items: not a schema`]),
    );
  }
  if (schema.oneOf !== undefined) {
    if (!Array.isArray(schema.oneOf) || schema.oneOf.length === 0) problems.push(`${path}: empty oneOf`);
    else
      schema.oneOf.forEach((sub, i) =>
        problems.push(
          ...(isObject(sub)
            ? schemaProblems(sub, `${path}/oneOf/${i}`)
            : [`${path}/oneOf/${i}: not a schema`]),
        ),
      );
  }
  return problems;
}

describe('AsyncAPI document of the socket.io contract', () => {
  const doc = build({});
  const components = doc.components as { schemas: Record<string, Node>; messages: Record<string, Node> };
  const channels = doc.channels as Record<string, Node>;
  const operations = doc.operations as Record<string, Node>;
  const messagesNamed = (name: string) => Object.values(components.messages).filter((m) => m.name === name);

  it('is an AsyncAPI 3.0.0 document made of plain JSON', () => {
    expect(doc.asyncapi).toBe('3.0.0');
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
    const info = doc.info as Node;
    expect(info.title).toBe('Liên Thông realtime (socket.io)');
    expect(build({ version: '9.9.9' }).info).toMatchObject({ version: '9.9.9' });
  });

  it('describes one socket.io server, from serverUrl or localhost:3000', () => {
    expect(doc.servers).toEqual({
      api: expect.objectContaining({ host: 'localhost:3000', protocol: 'ws', pathname: '/socket.io' }),
    });
    const api = (doc.servers as Record<string, Node>).api;
    expect(String(api.description)).toContain('socket.io');
    const remote = (
      build({ serverUrl: 'https://lienthong.example.gov.vn/api' }).servers as Record<string, Node>
    ).api;
    expect(remote).toMatchObject({
      host: 'lienthong.example.gov.vn',
      protocol: 'wss',
      pathname: '/socket.io',
    });
    const bare = (build({ serverUrl: 'api.local:8080' }).servers as Record<string, Node>).api;
    expect(bare).toMatchObject({ host: 'api.local:8080', protocol: 'ws' });
  });

  it('has a message for every server event and client request, and a reply for every request', () => {
    for (const name of [...EVENT_NAMES.server, ...EVENT_NAMES.client]) {
      expect(messagesNamed(name)).toEqual([expect.objectContaining({ 'x-socketio-event': name })]);
    }
    for (const name of EVENT_NAMES.client) {
      const [reply] = Object.values(components.messages).filter((m) => m['x-socketio-ack-of'] === name);
      expect(reply).toBeDefined();
      const [request] = messagesNamed(name);
      expect(request['x-ack']).toEqual(deref(doc, reply.payload as Node));
    }
    // No message for an event the contract does not have.
    const documented = Object.values(components.messages).map(
      (m) => m['x-socketio-event'] ?? m['x-socketio-ack-of'],
    );
    expect(new Set(documented)).toEqual(new Set([...EVENT_NAMES.server, ...EVENT_NAMES.client]));
  });

  it('has every feed event as a variant of the feed.event envelope', () => {
    const [feedEvent] = messagesNamed('feed.event');
    const envelope = deref(doc, feedEvent.payload as Node);
    const variants = (envelope.oneOf as Node[]).map((v) => deref(doc, v));
    const names = variants.map((v) => (v.properties as Record<string, Node>).name.const);
    expect(names).toEqual(EVENT_NAMES.feed);
    expect(feedEvent['x-feed-event-names']).toEqual(EVENT_NAMES.feed);
    const mapping = (envelope['x-discriminator'] as { mapping: Record<string, string> }).mapping;
    expect(Object.keys(mapping)).toEqual(EVENT_NAMES.feed);
    for (const target of Object.values(mapping)) expect(resolvePointer(doc, target)).toBeDefined();
    expect(EVENT_NAMES.feed.length).toBeGreaterThan(0);
  });

  it('resolves every $ref inside the document', () => {
    expect(findUnresolvedRefs(doc)).toEqual([]);
  });

  it('detects a reference to a removed message or schema', () => {
    const broken = structuredClone(doc) as { components: { messages: Node; schemas: Node } };
    delete broken.components.messages.feedSync;
    delete broken.components.schemas.ReceiptView;
    const problems = findUnresolvedRefs(broken);
    expect(problems).toContain('#/channels/connection/messages/feedSync -> #/components/messages/feedSync');
    expect(problems.some((p) => p.endsWith('-> #/components/schemas/ReceiptView'))).toBe(true);
    expect(findUnresolvedRefs({ a: { $ref: 'https://elsewhere.example/schema.json' } })).toHaveLength(1);
  });

  it('points every operation at an existing channel and at messages of that channel', () => {
    const check = (channelRef: unknown, messageRefs: unknown, where: string) => {
      const pointer = (channelRef as Node).$ref as string;
      expect({ where, channel: resolvePointer(doc, pointer) }).toEqual({
        where,
        channel: expect.any(Object),
      });
      expect(pointer).toMatch(/^#\/channels\/[^/]+$/);
      expect(Array.isArray(messageRefs) && messageRefs.length > 0).toBe(true);
      for (const message of messageRefs as Node[]) {
        expect(String(message.$ref).startsWith(`${pointer}/messages/`)).toBe(true);
        expect({ where, message: resolvePointer(doc, message.$ref as string) }).toEqual({
          where,
          message: expect.any(Object),
        });
      }
    };
    for (const [id, operation] of Object.entries(operations)) {
      check(operation.channel, operation.messages, id);
      if (operation.reply)
        check((operation.reply as Node).channel, (operation.reply as Node).messages, `${id}.reply`);
    }
  });

  it('sends every server event and receives every client request with a reply', () => {
    const messageOf = (operation: Node) => deref(doc, (operation.messages as Node[])[0]);
    for (const name of EVENT_NAMES.server) {
      const sends = Object.values(operations).filter(
        (o) => o.action === 'send' && messageOf(o).name === name,
      );
      expect({ name, sends: sends.length > 0 }).toEqual({ name, sends: true });
    }
    for (const name of EVENT_NAMES.client) {
      const receives = Object.values(operations).filter(
        (o) => o.action === 'receive' && messageOf(o).name === name,
      );
      expect(receives).toHaveLength(1);
      expect(receives[0].reply).toBeDefined();
    }
    for (const operation of Object.values(operations))
      expect(['send', 'receive']).toContain(operation.action);
  });

  it('has one channel per room kind plus the connection, with declared address parameters', () => {
    expect(Object.values(channels).map((c) => c.address)).toEqual(
      expect.arrayContaining(['/', 'user:{userId}', 'unit:{unitId}', 'directive:{directiveId}']),
    );
    for (const [id, channel] of Object.entries(channels)) {
      const placeholders = [...String(channel.address).matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect({ id, parameters: Object.keys((channel.parameters ?? {}) as Node) }).toEqual({
        id,
        parameters: placeholders,
      });
      expect(Object.keys(channel.messages as Node).length).toBeGreaterThan(0);
    }
  });

  it('has JSON-Schema-ish component schemas', () => {
    const problems = Object.entries(components.schemas).flatMap(([name, schema]) =>
      schemaProblems(schema, name),
    );
    expect(problems).toEqual([]);
    for (const name of [
      'AppErrorPayload',
      'AttachmentMeta',
      'DirectiveSummary',
      'ReceiptView',
      'ReceiptState',
      'ProgressCounts',
      'FeedPage',
      'FeedEnvelope',
      'SessionReady',
      'DirectiveProgressEvent',
      'Urgency',
    ]) {
      expect({ name, present: name in components.schemas }).toEqual({ name, present: true });
    }
    expect(schemaProblems({ properties: { a: { type: 'string' } } }, 'bad')).toHaveLength(1);
  });

  it("keeps the contract's types, nullability and limits", () => {
    const s = components.schemas;
    const props = (name: string) => s[name].properties as Record<string, Node>;
    expect(props('DirectiveSummary').ackDueAt).toMatchObject({
      type: ['string', 'null'],
      format: 'date-time',
    });
    expect(props('DirectiveSummary').issuedAt).toMatchObject({ type: 'string', format: 'date-time' });
    expect(s.DirectiveSummary.required).toEqual(Object.keys(props('DirectiveSummary')));
    expect(s.AppErrorPayload.required).toEqual(['code', 'message']);
    expect(props('FeedEnvelopeDirectiveIssued').seq).toMatchObject({ type: 'integer' });
    expect(s.Urgency).toMatchObject({ type: 'integer', enum: [0, 1, 2, 3, 4] });
    expect(s.FeedSyncRequest.required).toEqual(['after']);
    expect(props('FeedSyncRequest').limit).toMatchObject({ maximum: REALTIME_LIMITS.feedPageMax });
    expect(props('DirectiveDeliveredRequest').directiveIds).toMatchObject({
      maxItems: REALTIME_LIMITS.deliveredBatchMax,
    });
    expect(props('DirectiveAcknowledgeRequest').comment).toMatchObject({
      maxLength: REALTIME_LIMITS.commentMaxLength,
    });
    expect(s.DirectiveAcknowledgeRequest).toMatchObject({
      required: ['directiveId'],
      additionalProperties: false,
    });
  });

  it('has examples that satisfy their schemas, acknowledgements included', () => {
    const problems: string[] = [];
    for (const [id, message] of Object.entries(components.messages)) {
      const examples = (message.examples ?? []) as Node[];
      expect({ id, examples: examples.length > 0 }).toEqual({ id, examples: true });
      for (const example of examples)
        problems.push(...validate(doc, message.payload as Node, example.payload, `${id}`));
    }
    for (const name of EVENT_NAMES.client) {
      const [request] = messagesNamed(name);
      const [reply] = Object.values(components.messages).filter((m) => m['x-socketio-ack-of'] === name);
      for (const example of reply.examples as Node[])
        problems.push(...validate(doc, request['x-ack'] as Node, example.payload, `${name} x-ack`));
    }
    expect(problems).toEqual([]);
  });

  it('has a validator that refuses payloads the contract refuses', () => {
    const summary = components.schemas.DirectiveSummary;
    const [issued] = (messagesNamed('feed.event')[0].examples as Node[])
      .filter((e) => (e.payload as Node).name === 'directive.issued')
      .map((e) => (e.payload as Node).payload as Node);
    expect(validate(doc, summary, issued)).toEqual([]);
    const { ackDueAt: _dropped, ...missing } = issued;
    expect(validate(doc, summary, missing)).toContain('$.ackDueAt: missing');
    expect(validate(doc, summary, { ...issued, recalledAt: 5 })).toContain('$.recalledAt: not string|null');
    expect(validate(doc, summary, { ...issued, urgency: 7 })).toContain('$.urgency: not in enum');
    expect(validate(doc, summary, { ...issued, extra: true })).toContain('$.extra: not in the schema');
    const request = components.schemas.DirectiveAcknowledgeRequest;
    const comment = 'x'.repeat(REALTIME_LIMITS.commentMaxLength + 1);
    expect(validate(doc, request, { directiveId: issued.id, comment })).toContain('$.comment: too long');
    expect(validate(doc, request, { directiveId: 'not-a-uuid' })).toContain('$.directiveId: not a uuid');
  });

  it('explains the protocol and the cursor rules in the description', () => {
    const info = doc.info as Node;
    const description = String(info.description);
    for (const text of [
      'socket.io v4',
      'Engine.IO',
      '/socket.io',
      'websocket',
      'auth: { token:',
      'query string',
      'connect_error',
      'auth/token_missing',
      'auth/token_invalid',
      'auth/token_expired',
      'auth/session_revoked',
      'auth/account_disabled',
      'CORS_ORIGINS',
      'auth.refresh',
      '{ ok: true, data }',
      'SOCKET_RATE_PER_SECOND',
      'SOCKET_RATE_BURST',
      'realtime/rate_limited',
      'SOCKET_MAX_MESSAGE_BYTES',
      'realtime/unknown_event',
      'request/validation_failed',
      'details.fields',
      'feed/cursor_expired',
      'Kết nối',
    ]) {
      expect({ text, found: description.includes(text) }).toEqual({ text, found: true });
    }
    const rules = doc['x-cursor-rules'] as string[];
    expect(rules.length).toBeGreaterThanOrEqual(6);
    expect(info['x-cursor-rules']).toEqual(rules);
    for (const rule of rules) expect(description).toContain(rule);
    expect(rules.join(' ')).toMatch(/feed\.sync[\s\S]*more[\s\S]*seq[\s\S]*410/);
  });
});

/** Plain JSON of a TypeBox schema as written: symbol keys dropped, names (`$id`) dropped. */
function written(schema: TSchema): Node {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (!isObject(value)) return value;
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== '$id')
        .map(([key, item]) => [key, strip(item)]),
    );
  };
  return strip(JSON.parse(JSON.stringify(schema))) as Node;
}

/** `schema` with every `$ref` into the document replaced by what it points at, recursively. */
function expand(doc: unknown, schema: unknown, depth = 0): unknown {
  if (depth > 40) throw new Error('$ref too deep');
  if (Array.isArray(schema)) return schema.map((item) => expand(doc, item, depth + 1));
  if (!isObject(schema)) return schema;
  if (typeof schema.$ref === 'string') {
    const { $ref, ...rest } = schema;
    const target = resolvePointer(doc, $ref);
    if (!isObject(target)) throw new Error(`unresolved ${$ref}`);
    return { ...(expand(doc, target, depth + 1) as Node), ...(expand(doc, rest, depth + 1) as Node) };
  }
  return Object.fromEntries(Object.entries(schema).map(([key, item]) => [key, expand(doc, item, depth + 1)]));
}

/** An AJV (the gateway's validator) that knows the document, so `#/components/...` resolves. */
function documentValidator(doc: Record<string, unknown>) {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv, ['uuid', 'date-time']);
  // Only the components: the document's own fields (`id`, ...) are not schema keywords.
  ajv.addSchema({ components: doc.components }, 'asyncapi.json');
  const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');
  return (pointer: string[], value: unknown): string[] => {
    const validate = ajv.compile({ $ref: `asyncapi.json#/${pointer.map(escape).join('/')}` });
    return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
  };
}

describe('AsyncAPI document generated from the TypeBox schemas', () => {
  const doc = build();
  const components = doc.components as { schemas: Record<string, Node>; messages: Record<string, Node> };
  const messageId = (name: string) =>
    Object.entries(components.messages).find(([, m]) => m['x-socketio-event'] === name)![0];

  /** Every example of every message (and of every acknowledgement), checked by AJV against the document. */
  function exampleProblems(document: Record<string, unknown>): string[] {
    const check = documentValidator(document);
    const messages = (document.components as typeof components).messages;
    const problems: string[] = [];
    for (const [id, message] of Object.entries(messages)) {
      ((message.examples ?? []) as Node[]).forEach((example, index) =>
        problems.push(
          ...check(['components', 'messages', id, 'payload'], example.payload).map(
            (p) => `${id}[${index}] ${p}`,
          ),
        ),
      );
      if (message['x-ack'] === undefined) continue;
      const [reply] = Object.values(messages).filter((m) => m['x-socketio-ack-of'] === message.name);
      ((reply.examples ?? []) as Node[]).forEach((example, index) =>
        problems.push(
          ...check(['components', 'messages', id, 'x-ack'], example.payload).map(
            (p) => `${id} x-ack[${index}] ${p}`,
          ),
        ),
      );
    }
    return problems;
  }

  it('validates every example in the document against its schema (AJV)', () => {
    const examples = Object.values(components.messages).flatMap((m) => (m.examples ?? []) as Node[]);
    expect(examples.length).toBeGreaterThan(EVENT_NAMES.feed.length + EVENT_NAMES.client.length);
    expect(exampleProblems(doc)).toEqual([]);
  });

  it('refuses an example that breaks its schema (the check above can fail)', () => {
    const broken = structuredClone(doc) as typeof doc & { components: typeof components };
    const feedEvent = broken.components.messages[messageId('feed.event')];
    const first = (feedEvent.examples as Node[])[0].payload as Node;
    (first.payload as Node).id = 'not-a-uuid';
    first.seq = 0;
    const problems = exampleProblems(broken).filter((p) => p.startsWith(`${messageId('feed.event')}[0] `));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/\/seq must be >= 1/),
        expect.stringMatching(/\/payload\/id must match format "uuid"/),
      ]),
    );
  });

  it("has each payload's schema exactly as its TypeBox schema says", () => {
    const withSummary = (schema: TSchema, summary: string): Node => ({
      ...written(schema),
      description: schema.description ?? summary,
    });
    const variants = (components.schemas.FeedEnvelope.oneOf as Node[]).map((v) => deref(doc, v));
    for (const name of EVENT_NAMES.feed) {
      const event = CONTRACT.feed[name];
      const variant = variants.find((v) => (v.properties as Record<string, Node>).name.const === name)!;
      expect({ name, payload: expand(doc, (variant.properties as Node).payload) }).toEqual({
        name,
        payload: withSummary(event.payload, event.summary),
      });
    }
    for (const [name, event] of Object.entries(CONTRACT.live)) {
      const payload = components.messages[messageId(name)].payload;
      expect({ name, payload: expand(doc, payload) }).toEqual({ name, payload: written(event.payload) });
    }
    for (const name of EVENT_NAMES.client) {
      const message = components.messages[messageId(name)];
      const schema = requestSchemas(CONTRACT)[name];
      const { description: _given, ...request } = expand(doc, message.payload) as Node;
      const { description: _written, ...expected } = written(schema);
      expect({ name, request }).toEqual({ name, request: expected });
    }
  });

  it('changes when a payload schema changes, and the examples and the gateway follow', () => {
    const original = CONTRACT.feed['task.changed'];
    const payload = original.payload as unknown as { properties: Record<string, TSchema>; $id: string };
    const changed: RealtimeContract = {
      ...CONTRACT,
      feed: {
        ...CONTRACT.feed,
        'task.changed': {
          ...original,
          payload: Type.Object(
            { ...payload.properties, reason: Type.String({ description: 'Why.' }) },
            { $id: payload.$id },
          ) as unknown as typeof original.payload,
        },
      },
    };
    const changedDoc = build({}, changed);
    expect(changedDoc).not.toEqual(doc);
    const before = components.schemas[payload.$id];
    const after = (changedDoc.components as typeof components).schemas[payload.$id];
    expect(before.properties).not.toHaveProperty('reason');
    expect(after.properties).toHaveProperty('reason', { type: 'string', description: 'Why.' });
    expect(after.required).toContain('reason');
    // The unchanged example now lacks the field: the document's own check says so.
    expect(exampleProblems(changedDoc).join('\n')).toContain("must have required property 'reason'");

    // The gateway validates client events with the schemas of the contract it is given.
    const ack = CONTRACT.requests['directive.acknowledge'];
    const request = ack.request as unknown as { properties: Record<string, TSchema> };
    const stricter: RealtimeContract = {
      ...CONTRACT,
      requests: {
        ...CONTRACT.requests,
        'directive.acknowledge': {
          ...ack,
          request: Type.Object(
            { ...request.properties, reason: Type.String() },
            { additionalProperties: false },
          ) as unknown as typeof ack.request,
        },
      },
    };
    expect(
      new SocketPayloads(requestSchemas(CONTRACT)).check('directive.acknowledge', ack.example.request),
    ).toEqual(ack.example.request);
    expect(() =>
      new SocketPayloads(requestSchemas(stricter)).check('directive.acknowledge', ack.example.request),
    ).toThrow(expect.objectContaining({ code: 'request/validation_failed' }));
    const strictDoc = build({}, stricter);
    expect(
      (strictDoc.components as typeof components).schemas.DirectiveAcknowledgeRequest.required,
    ).toContain('reason');
  });
});
