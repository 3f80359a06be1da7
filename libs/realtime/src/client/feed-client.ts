import type { Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, FeedEnvelope, FeedPage, ServerToClientEvents } from '../contract';

const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 30_000;

export type LtClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The client half of the cursor rules (see contract.ts), shared by the browser app, the
 * tests and the benchmarks: after every connect it syncs from its cursor until `more` is
 * false, holds live envelopes that arrive meanwhile (until a sync succeeds: a failed one is
 * retried with backoff), and hands each event to `onEvent` exactly once, in `seq` order. The cursor survives reconnects; persist `cursor` to survive
 * a reload.
 */
export class FeedClient {
  private syncing = false;
  private held: FeedEnvelope[] = [];
  private syncRun = 0;
  private failures = 0;

  constructor(
    private readonly socket: LtClientSocket,
    private readonly onEvent: (envelope: FeedEnvelope) => void,
    public cursor = 0,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    socket.on('feed.event', (envelope) => {
      if (this.syncing) this.held.push(envelope);
      else this.apply(envelope);
    });
    socket.on('connect', () => void this.sync());
    if (socket.connected) void this.sync();
  }

  /** Resolves when the client has caught up with everything up to the server's head. */
  async sync(): Promise<void> {
    const run = ++this.syncRun;
    this.syncing = true;
    try {
      for (;;) {
        const page = await this.request({ after: this.cursor });
        if (run !== this.syncRun) return; // a newer sync (after a reconnect) took over
        for (const envelope of page.events) this.apply(envelope);
        if (!page.more) break;
      }
      this.syncing = false;
      this.failures = 0;
      const held = this.held.sort((a, b) => a.seq - b.seq);
      this.held = [];
      for (const envelope of held) this.apply(envelope);
    } catch (error) {
      if (run !== this.syncRun) return;
      this.onError(error);
      // Live envelopes stay held: applying one now would move the cursor past the events the
      // failed page was to bring, and they would never be asked for again. Try again shortly
      // (a reconnect starts a new sync anyway).
      const delay = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** this.failures++);
      const timer = setTimeout(() => {
        if (run === this.syncRun && this.socket.connected) void this.sync();
      }, delay);
      (timer as { unref?: () => void }).unref?.();
    }
  }

  private apply(envelope: FeedEnvelope): void {
    if (envelope.seq <= this.cursor) return; // already applied (a live copy of a synced one)
    this.cursor = envelope.seq;
    this.onEvent(envelope);
  }

  private request(request: { after: number }): Promise<FeedPage> {
    return new Promise((resolve, reject) => {
      this.socket
        .timeout(15_000)
        .emit('feed.sync', request, (error: Error | null, response: Ack<FeedPage>) => {
          if (error) reject(error);
          else if (!response.ok)
            reject(Object.assign(new Error(response.error.code), { payload: response.error }));
          else resolve(response.data);
        });
    });
  }
}
