/**
 * A client process of `npm run bench:chat` (forked by chat.ts, driven over IPC). It holds one
 * real socket.io connection per member it is given (WebSocket only, no reconnection) and:
 * - on `chat.send` commands sends messages open loop — message k of this process is due at
 *   `dueAt(schedule, k)` from socket k mod S, whatever the answers do — each carrying its
 *   sender and scheduled time in its text;
 * - on every `chat.message` feed event records, from the text, the time since the message
 *   was scheduled: at its own sender that is the round trip (send → the channel's copy back),
 *   at the other members the delivery time.
 * Times are `performance.timeOrigin + performance.now()`, comparable between processes.
 */
import { performance } from 'node:perf_hooks';
import { io, Socket } from 'socket.io-client';
import type { ChatMessageView } from '../libs/chat/src/chat-events';
import type {
  Ack,
  ClientToServerEvents,
  FeedEnvelope,
  ServerToClientEvents,
} from '../libs/realtime/src/contract';
import { dueAt, dueBy, Schedule } from './stats';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Member {
  /** Global index: names the sender in a message's text. */
  index: number;
  channelId: string;
  /** An access token (API) — the bare server needs none. */
  token: string;
}

export type ToChatClient =
  | { t: 'connect'; url: string; mode: 'api' | 'bare'; members: Member[]; batch: number }
  | { t: 'send'; schedule: Schedule; count: number; timeoutMs: number }
  | { t: 'collect' }
  | { t: 'disconnect' }
  | { t: 'exit' };

export type FromChatClient =
  | { t: 'ready' }
  | { t: 'connected'; ok: number; failed: number; failures: Record<string, number> }
  | {
      t: 'sent';
      /** Answers `ok`, their latency from the scheduled time, refusals by code, and the last answer's time. */
      ok: number;
      ackLatencies: Float64Array;
      refused: Record<string, number>;
      timedOut: number;
      lastAnswerAt: number;
      /** How late the timer emitted, ms (this process's own lateness). */
      maxLateness: number;
    }
  | {
      t: 'collected';
      roundTrips: Float64Array;
      deliveries: Float64Array;
      received: number;
      lastArrival: number;
    }
  | { t: 'disconnected' };

const now = () => performance.timeOrigin + performance.now();
const send = (message: FromChatClient) => process.send!(message);

let sockets: { socket: ClientSocket; member: Member }[] = [];
let roundTrips: number[] = [];
let deliveries: number[] = [];
let received = 0;
let lastArrival = 0;

function onMessage(member: Member, envelope: FeedEnvelope): void {
  if (envelope.name !== 'chat.message') return;
  const at = now();
  const [tag, sender, scheduled] = envelope.payload.message.body.split('|');
  if (tag !== 'b') return; // a warm-up or someone else's message
  received += 1;
  lastArrival = at;
  (Number(sender) === member.index ? roundTrips : deliveries).push(at - Number(scheduled));
}

async function connect(url: string, mode: 'api' | 'bare', members: Member[], batch: number) {
  let ok = 0;
  const failures: Record<string, number> = {};
  for (let i = 0; i < members.length; i += batch) {
    await Promise.all(
      members.slice(i, i + batch).map(
        (member) =>
          new Promise<void>((resolve) => {
            const socket: ClientSocket = io(url, {
              transports: ['websocket'],
              reconnection: false,
              forceNew: true,
              auth: mode === 'api' ? { token: member.token } : { room: member.channelId },
            });
            socket.on('feed.event', (envelope) => onMessage(member, envelope));
            socket.once('connect', () => {
              ok += 1;
              sockets.push({ socket, member });
              resolve();
            });
            socket.once('connect_error', (error) => {
              failures[error.message] = (failures[error.message] ?? 0) + 1;
              socket.close();
              resolve();
            });
          }),
      ),
    );
  }
  send({ t: 'connected', ok, failed: members.length - ok, failures });
}

function sendAll(schedule: Schedule, count: number, timeoutMs: number): void {
  const ackLatencies = new Float64Array(count).fill(NaN);
  const refused: Record<string, number> = {};
  let answered = 0;
  let ok = 0;
  let timedOut = 0;
  let lastAnswerAt = 0;
  let emitted = 0;
  let maxLateness = 0;
  const finish = () => {
    clearInterval(timer);
    send({ t: 'sent', ok, ackLatencies, refused, timedOut, lastAnswerAt, maxLateness });
  };
  const emit = (k: number) => {
    const due = dueAt(schedule, k);
    maxLateness = Math.max(maxLateness, now() - due);
    const { socket, member } = sockets[k % sockets.length];
    socket
      .timeout(timeoutMs)
      .emit(
        'chat.send',
        { channelId: member.channelId, body: `b|${member.index}|${due}|${k}` },
        (error: Error | null, response: Ack<ChatMessageView>) => {
          lastAnswerAt = now();
          if (error) timedOut += 1;
          else if (!response.ok) refused[response.error.code] = (refused[response.error.code] ?? 0) + 1;
          else {
            ok += 1;
            ackLatencies[k] = lastAnswerAt - due;
          }
          if (++answered === count) finish();
        },
      );
  };
  // A timer sends every message that is due: a late timer sends several, not fewer in all.
  const timer = setInterval(() => {
    const due = dueBy(schedule, count, now());
    while (emitted < due) emit(emitted++);
  }, 1);
  if (count === 0) finish();
}

process.on('message', (message: ToChatClient) => {
  switch (message.t) {
    case 'connect':
      void connect(message.url, message.mode, message.members, message.batch);
      break;
    case 'send':
      sendAll(message.schedule, message.count, message.timeoutMs);
      break;
    case 'collect':
      send({
        t: 'collected',
        roundTrips: Float64Array.from(roundTrips),
        deliveries: Float64Array.from(deliveries),
        received,
        lastArrival,
      });
      roundTrips = [];
      deliveries = [];
      received = 0;
      break;
    case 'disconnect':
      for (const { socket } of sockets) socket.disconnect();
      sockets = [];
      send({ t: 'disconnected' });
      break;
    case 'exit':
      process.exit(0);
  }
});
send({ t: 'ready' });
