/**
 * The baseline of `npm run bench:fanout`: a bare socket.io 4 server, nothing else — no
 * authentication, no database, no rooms. `POST /broadcast` emits the posted JSON as
 * `feed.event` to every connected socket and answers 204; `GET /health` answers 200. Any
 * client request that wants an acknowledgement is answered `{ ok: true, data: {} }` at once,
 * so the benchmark's clients behave exactly as they do against the API.
 *
 *   node dist/bench/bare-server.js --port 4000 [--host 127.0.0.1]
 */
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
io.on('connection', (socket) => {
  socket.onAny((...args: unknown[]) => {
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
