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
  response.writeHead(404).end();
});

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
  socket.onAny((...args: unknown[]) => {
    if (args[0] === 'chat.send') return;
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
