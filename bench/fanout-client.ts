/**
 * A client process of `npm run bench:fanout` (forked by fanout.ts, driven over IPC). It opens
 * one real socket.io connection per token it is given — WebSocket only, no reconnection, in
 * batches — and behaves like the browser app: on a `directive.issued` feed event it records
 * when the event arrived and answers `directive.delivered` for it through the shared client's
 * DeliveryReceipts (batched, after a random 0.25–2 s delay, as the browser app does). On request it reports, per directive, the arrival time at each of its sockets,
 * and it acknowledges directives from every socket on an open-loop schedule (evenly spaced
 * from a start time the orchestrator gives, whatever the answers do; or all at once), timing
 * each answer from its scheduled time and from its actual emit.
 *
 * Times are `performance.timeOrigin + performance.now()`: milliseconds since the epoch with
 * sub-millisecond resolution, comparable between processes of one machine.
 */
import { performance } from 'node:perf_hooks';
import { io, Socket } from 'socket.io-client';
import type {
  Ack,
  ClientToServerEvents,
  FeedEnvelope,
  ServerToClientEvents,
} from '../libs/realtime/src/contract';
import { DeliveryReceipts } from '../libs/realtime/src/client/delivery-receipts';
import { dueAt, dueBy, Schedule } from './stats';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Tallies of what the server said or did besides the measured events. */
export interface ClientCounters {
  /** `app.error` events received, by code. */
  appErrors: Record<string, number>;
  deliveredSent: number;
  deliveredOk: number;
  /** `directive.delivered` answered `ok: false`, by code. */
  deliveredRefused: Record<string, number>;
  /** Disconnects the client did not ask for, by reason. */
  unexpectedDisconnects: Record<string, number>;
  /** `feed.event`s other than `directive.issued`, by name. */
  otherFeedEvents: Record<string, number>;
}

export type ToClient =
  | { t: 'connect'; url: string; tokens: string[]; batch: number; timeoutMs: number }
  | { t: 'disconnect' }
  | { t: 'collect'; id: string; timeoutMs: number }
  /**
   * Acknowledge every directive of `directiveIds` from every connected socket, open loop: ack k
   * (socket k mod S of the S connected, directive k div S) is sent at `dueAt(schedule, k)`.
   * A timer sends every ack that is due, so a late timer sends several at once, not fewer in
   * all. `id` names the run in the answer.
   */
  | { t: 'ack'; id: string; directiveIds: string[]; schedule: Schedule; timeoutMs: number }
  /** Answer once every `directive.delivered` sent has its answer (or after the timeout). */
  | { t: 'quiet'; timeoutMs: number }
  /** Report the CPU time this process has used so far. */
  | { t: 'cpu' }
  | { t: 'exit' };

export type FromClient =
  | { t: 'ready' }
  | { t: 'connected'; ok: number; failed: number; failures: Record<string, number>; ms: number }
  | { t: 'disconnected'; counters: ClientCounters }
  | {
      t: 'collected';
      id: string;
      /** Arrival time per socket; NaN where it never arrived (or the socket is not connected). */
      times: Float64Array;
      missing: number;
      envelope: FeedEnvelope | null;
    }
  | {
      t: 'acked';
      id: string;
      /** Per ack in schedule order: answer time minus scheduled time, ms; NaN where refused or timed out. */
      latencies: Float64Array;
      /** Per ack: answer time minus actual emit time, ms; NaN where refused or timed out. */
      emitLatencies: Float64Array;
      /** Per ack: actual emit time minus scheduled time (this process's lateness), ms. */
      lateness: Float64Array;
      /** Acks scheduled (connected sockets × directives) and emitted. */
      scheduled: number;
      emitted: number;
      firstEmit: number;
      lastEmit: number;
      /** 0 when no answer came. */
      firstCallback: number;
      lastCallback: number;
      ok: number;
      errors: Record<string, number>;
    }
  | { t: 'quiet'; unanswered: number }
  | { t: 'cpu'; seconds: number }
  | { t: 'error'; message: string };

const now = () => performance.timeOrigin + performance.now();
const RETRIES = 3;

interface Arrivals {
  times: Float64Array;
  count: number;
  envelope: FeedEnvelope | null;
  done: (() => void) | null;
}

let slots: (ClientSocket | null)[] = [];
let live = 0;
let closing = false;
let counters = freshCounters();
let quietWaiter: (() => void) | null = null;
const arrivals = new Map<string, Arrivals>();
const finished = new Set<string>();

function freshCounters(): ClientCounters {
  return {
    appErrors: {},
    deliveredSent: 0,
    deliveredOk: 0,
    deliveredRefused: {},
    unexpectedDisconnects: {},
    otherFeedEvents: {},
  };
}

const unanswered = () =>
  counters.deliveredSent -
  counters.deliveredOk -
  Object.values(counters.deliveredRefused).reduce((sum, n) => sum + n, 0);

function bump(tally: Record<string, number>, key: string): void {
  tally[key] = (tally[key] ?? 0) + 1;
}

function send(message: FromClient): void {
  process.send?.(message);
}

function arrivalsOf(id: string, envelope: FeedEnvelope | null): Arrivals {
  let entry = arrivals.get(id);
  if (!entry) {
    entry = { times: new Float64Array(slots.length).fill(NaN), count: 0, envelope, done: null };
    arrivals.set(id, entry);
  }
  entry.envelope ??= envelope;
  return entry;
}

function onFeedEvent(slot: number, socket: ClientSocket, envelope: FeedEnvelope): void {
  const at = now();
  if (envelope.name !== 'directive.issued') {
    bump(counters.otherFeedEvents, envelope.name);
    return;
  }
  const id = envelope.payload.id;
  if (!finished.has(id)) {
    const entry = arrivalsOf(id, envelope);
    if (Number.isNaN(entry.times[slot])) {
      entry.times[slot] = at;
      entry.count += 1;
      if (entry.count >= live) entry.done?.();
    }
  }
  // What the browser app does on arrival: tell the server this device has it, with the
  // shared client's batching and jitter (libs/realtime/src/client/delivery-receipts.ts).
  receiptsOf(socket).add(id);
}

const receipts = new WeakMap<ClientSocket, DeliveryReceipts>();

function receiptsOf(socket: ClientSocket): DeliveryReceipts {
  let r = receipts.get(socket);
  if (!r) {
    r = new DeliveryReceipts(socket, {
      onSent: (ids) => (counters.deliveredSent += ids.length),
      onAnswer: (ids, response) => {
        if (response?.ok) counters.deliveredOk += ids.length;
        else bump(counters.deliveredRefused, response ? response.error.code : 'timeout');
        if (quietWaiter && unanswered() === 0) quietWaiter();
      },
    });
    receipts.set(socket, r);
  }
  return r;
}

function open(url: string, token: string, slot: number, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket: ClientSocket = io(url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: timeoutMs,
      auth: { token },
    });
    socket.on('feed.event', (envelope) => onFeedEvent(slot, socket, envelope));
    socket.on('app.error', (error) => bump(counters.appErrors, error.code));
    socket.once('connect', () => {
      socket.on('disconnect', (reason) => {
        if (!closing) bump(counters.unexpectedDisconnects, reason);
      });
      slots[slot] = socket;
      resolve(null);
    });
    socket.once('connect_error', (error: Error & { data?: { code?: string } }) => {
      socket.close();
      resolve(error.data?.code ?? error.message);
    });
  });
}

async function connectAll(message: Extract<ToClient, { t: 'connect' }>): Promise<void> {
  const started = now();
  closing = false;
  slots = new Array<ClientSocket | null>(message.tokens.length).fill(null);
  live = 0;
  const failures: Record<string, number> = {};
  let failed = 0;
  for (let from = 0; from < message.tokens.length; from += message.batch) {
    const batch = message.tokens.slice(from, from + message.batch);
    await Promise.all(
      batch.map(async (token, i) => {
        for (let attempt = 1; ; attempt++) {
          const problem = await open(message.url, token, from + i, message.timeoutMs);
          if (problem === null) return;
          bump(failures, problem);
          if (attempt >= RETRIES) {
            failed += 1;
            return;
          }
          await new Promise((r) => setTimeout(r, 250 * attempt));
        }
      }),
    );
  }
  live = slots.filter((s) => s !== null).length;
  send({ t: 'connected', ok: live, failed, failures, ms: now() - started });
}

async function disconnectAll(): Promise<void> {
  closing = true;
  await Promise.all(
    slots.map(
      (socket) =>
        new Promise<void>((resolve) => {
          if (!socket || socket.disconnected) return resolve();
          socket.once('disconnect', () => resolve());
          socket.disconnect();
        }),
    ),
  );
  slots = [];
  live = 0;
  arrivals.clear();
  const report = counters;
  counters = freshCounters();
  send({ t: 'disconnected', counters: report });
}

function collect(id: string, timeoutMs: number): void {
  const entry = arrivalsOf(id, null);
  let timer: NodeJS.Timeout | null = null;
  const finish = () => {
    if (timer) clearTimeout(timer);
    entry.done = null;
    arrivals.delete(id);
    finished.add(id);
    send({ t: 'collected', id, times: entry.times, missing: live - entry.count, envelope: entry.envelope });
  };
  if (entry.count >= live) return finish();
  entry.done = finish;
  timer = setTimeout(finish, timeoutMs);
}

function quiet(timeoutMs: number): void {
  const finish = () => {
    clearTimeout(timer);
    quietWaiter = null;
    send({ t: 'quiet', unanswered: unanswered() });
  };
  const timer = setTimeout(finish, timeoutMs);
  if (unanswered() === 0) return finish();
  quietWaiter = finish;
}

function acknowledgeAll(message: Extract<ToClient, { t: 'ack' }>): void {
  const { id, directiveIds, schedule, timeoutMs } = message;
  const sockets = slots.filter((s): s is ClientSocket => s !== null);
  const total = sockets.length * directiveIds.length;
  const latencies = new Float64Array(total).fill(NaN);
  const emitLatencies = new Float64Array(total).fill(NaN);
  const lateness = new Float64Array(total).fill(NaN);
  const errors: Record<string, number> = {};
  let sent = 0;
  let pending = 0;
  let ok = 0;
  let firstEmit = 0;
  let lastEmit = 0;
  let firstCallback = 0;
  let lastCallback = 0;
  let reported = false;
  const report = () => {
    if (reported || sent < total || pending > 0) return;
    reported = true;
    send({
      t: 'acked',
      id,
      latencies,
      emitLatencies,
      lateness,
      scheduled: total,
      emitted: sent,
      firstEmit,
      lastEmit,
      firstCallback,
      lastCallback,
      ok,
      errors,
    });
  };
  const emit = (k: number) => {
    const due = dueAt(schedule, k);
    const socket = sockets[k % sockets.length];
    const directiveId = directiveIds[Math.floor(k / sockets.length)];
    pending += 1;
    const at = now();
    if (k === 0) firstEmit = at;
    lastEmit = at;
    lateness[k] = at - due;
    socket
      .timeout(timeoutMs)
      .emit('directive.acknowledge', { directiveId }, (error: Error | null, response: Ack<unknown>) => {
        const end = now();
        firstCallback = firstCallback === 0 ? end : Math.min(firstCallback, end);
        lastCallback = Math.max(lastCallback, end);
        if (error) bump(errors, 'timeout');
        else if (!response.ok) bump(errors, response.error.code);
        else {
          latencies[k] = end - due;
          emitLatencies[k] = end - at;
          ok += 1;
        }
        pending -= 1;
        report();
      });
  };
  // Sends everything due by now, then sleeps until the next ack is due.
  const tick = () => {
    const upTo = dueBy(schedule, total, now());
    while (sent < upTo) emit(sent++);
    if (sent < total) setTimeout(tick, Math.max(0, dueAt(schedule, sent) - now()));
    else report();
  };
  if (total === 0) return report();
  setTimeout(tick, Math.max(0, dueAt(schedule, 0) - now()));
}

process.on('message', (message: ToClient) => {
  const run = async () => {
    switch (message.t) {
      case 'connect':
        return connectAll(message);
      case 'disconnect':
        return disconnectAll();
      case 'collect':
        return collect(message.id, message.timeoutMs);
      case 'ack':
        return acknowledgeAll(message);
      case 'quiet':
        return quiet(message.timeoutMs);
      case 'cpu': {
        const { user, system } = process.cpuUsage();
        return send({ t: 'cpu', seconds: (user + system) / 1e6 });
      }
      case 'exit':
        closing = true;
        for (const socket of slots) socket?.disconnect();
        process.exit(0);
    }
  };
  run().catch((error: unknown) => send({ t: 'error', message: String((error as Error)?.stack ?? error) }));
});
// The orchestrator went away: nothing left to do.
process.on('disconnect', () => process.exit(0));
send({ t: 'ready' });
