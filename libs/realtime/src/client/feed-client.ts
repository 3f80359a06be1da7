import type { Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, FeedEnvelope, FeedPage, ServerToClientEvents } from '../contract';

export type LtClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The client half of the cursor rules (see contract.ts), shared by the browser app, the
 * tests and the benchmarks: after every connect it syncs from its cursor until `more` is
 * false, holds live envelopes that arrive meanwhile, and hands each event to `onEvent`
 * exactly once, in `seq` order. The cursor survives reconnects; persist `cursor` to survive
 * a reload.
 */
export class FeedClient {
  private syncing = false;
  private held: FeedEnvelope[] = [];
  private syncRun = 0;

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
      const held = this.held.sort((a, b) => a.seq - b.seq);
      this.held = [];
      for (const envelope of held) this.apply(envelope);
    } catch (error) {
      if (run === this.syncRun) this.syncing = false;
      this.onError(error);
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
