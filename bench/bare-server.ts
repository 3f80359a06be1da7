/**
 * The baseline of `npm run bench:fanout` and `bench:chat`: a bare socket.io 4 server, nothing
 * else — no authentication, no database. `POST /broadcast` emits the posted JSON as
 * `feed.event` to every connected socket and answers 204; `GET /health` answers 200. Any
 * client request that wants an acknowledgement is answered `{ ok: true, data: {} }` at once,
 * so the benchmark's clients behave exactly as they do against the API. For `npm run
 * bench:chat` a client may name a room at the handshake (`auth.room`), and `chat.send`
 * emits the message to that room as a `chat.message` envelope shaped like the API's.
 *
 *   node dist/bench/bare-server.js --port 4000 [--host 127.0.0.1]
 */
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { Server } from 'socket.io';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
}

const host = option('host', '127.0.0.1');
const port = Number(option('port', '0'));

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

const http = createServer((request: IncomingMessage, response: ServerResponse) => {
  if (request.method === 'GET' && request.url === '/health') {
    response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  if (request.method === 'POST' && request.url === '/broadcast') {
    readBody(request).then(
      (body) => {
        let envelope: unknown;
        try {
          envelope = JSON.parse(body);
        } catch {
          response.writeHead(400).end();
          return;
        }
        io.emit('feed.event', envelope);
        response.writeHead(204).end();
      },
      () => response.writeHead(400).end(),
    );
    return;
  }
  if (request.method === 'GET' && request.url?.startsWith('/receipts')) {
    // `?directive=<id>`: the receipts kept for that one, as the API's counters on the directive.
    const only = new URL(request.url, 'http://bare').searchParams.get('directive');
    const counts: Record<string, number> = {};
    for (const [kind, byDirective] of receipts)
      counts[kind] = only
        ? (byDirective.get(only)?.size ?? 0)
        : [...byDirective.values()].reduce((sum, who) => sum + who.size, 0);
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(counts));
    return;
  }
  response.writeHead(404).end();
});

/** kind → directive → the sockets (people) that reported it: the in-memory store of receipts. */
const receipts = new Map<string, Map<string, Set<string>>>();

/** Keeps one person's receipt of `kind` for each directive; answers how many were new. */
function keep(kind: string, who: string, directiveIds: unknown[]): number {
  let byDirective = receipts.get(kind);
  if (!byDirective) receipts.set(kind, (byDirective = new Map<string, Set<string>>()));
  let added = 0;
  for (const id of directiveIds) {
    if (typeof id !== 'string') continue;
    let people = byDirective.get(id);
    if (!people) byDirective.set(id, (people = new Set()));
    if (!people.has(who)) {
      people.add(who);
      added += 1;
    }
  }
  return added;
}

const io = new Server(http, { transports: ['websocket'], serveClient: false });
let seq = 0;
io.on('connection', (socket) => {
  // bench:chat's clients name their channel at the handshake; the room stands for it.
  const room = (socket.handshake.auth as { room?: unknown }).room;
  if (typeof room === 'string') void socket.join(room);
  // The chat baseline: a message goes to its room as a feed envelope shaped like the API's.
  socket.on('chat.send', (request: { channelId: string; body: string }, ack: (response: unknown) => void) => {
    const at = new Date().toISOString();
    const message = {
      id: randomUUID(),
      channelId: request.channelId,
      n: ++seq,
      author: { id: socket.id, fullName: 'Cán bộ thử tải' },
      body: request.body,
      mentions: [],
      attachments: [],
      announcement: null,
      createdAt: at,
      editedAt: null,
      deletedAt: null,
      version: 1,
    };
    io.to(request.channelId).emit('feed.event', {
      seq,
      name: 'chat.message',
      at,
      payload: {
        channel: {
          id: request.channelId,
          kind: 'unit',
          title: 'Phường thử tải',
          unit: null,
          subject: null,
          people: [],
        },
        message,
        mentionsYou: false,
      },
    });
    ack({ ok: true, data: message });
  });
  // Receipts, as the API takes them (the clients' batches as they come), kept in memory.
  socket.on(
    'directive.delivered',
    (request: { directiveIds?: unknown[] }, ack: (response: unknown) => void) => {
      const updated = keep(
        'delivered',
        socket.id,
        Array.isArray(request?.directiveIds) ? request.directiveIds : [],
      );
      ack({ ok: true, data: { updated } });
    },
  );
  for (const kind of ['read', 'acknowledge'] as const)
    socket.on(`directive.${kind}`, (request: { directiveId?: unknown }, ack: (response: unknown) => void) => {
      keep(kind, socket.id, [request?.directiveId]);
      ack({ ok: true, data: { directiveId: request?.directiveId, state: kind } });
    });
  const handled = new Set(['chat.send', 'directive.delivered', 'directive.read', 'directive.acknowledge']);
  socket.onAny((...args: unknown[]) => {
    if (handled.has(args[0] as string)) return;
    const ack = args[args.length - 1];
    if (typeof ack === 'function') (ack as (response: unknown) => void)({ ok: true, data: {} });
  });
});

http.listen(port, host, () => {
  const address = http.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  process.stdout.write(`${JSON.stringify({ msg: 'bare listening', url: `http://${host}:${bound}` })}\n`);
});

const stop = () => {
  // Closes every socket, then the HTTP server.
  void io.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
