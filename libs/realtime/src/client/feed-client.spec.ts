import { EventEmitter } from 'node:events';
import type { FeedEnvelope, FeedPage } from '../contract';
import { FeedClient, LtClientSocket } from './feed-client';

const envelope = (seq: number): FeedEnvelope =>
  ({
    seq,
    name: 'directive.reminder',
    at: '2026-11-26T00:00:00.000Z',
    payload: {},
  }) as unknown as FeedEnvelope;

/** A socket whose `feed.sync` answers come from `pages`, one per request: a page or a failure. */
class FakeSocket extends EventEmitter {
  connected = true;
  requests: number[] = [];
  pages: (FeedPage | 'timeout')[] = [];
  timeout() {
    return {
      emit: (
        _name: string,
        request: { after: number },
        callback: (error: Error | null, response?: unknown) => void,
      ) => {
        this.requests.push(request.after);
        const page = this.pages.shift() ?? { events: [], more: false, head: 0 };
        setTimeout(() =>
          page === 'timeout'
            ? callback(new Error('operation has timed out'))
            : callback(null, { ok: true, data: page }),
        );
      },
    };
  }
}

describe('FeedClient', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('holds live events while a failed sync is retried, so the missed ones still arrive, in order', async () => {
    const socket = new FakeSocket();
    const seen: number[] = [];
    const errors: unknown[] = [];
    socket.pages = ['timeout', { events: [envelope(3), envelope(4)], more: false, head: 5 }];
    new FeedClient(
      socket as unknown as LtClientSocket,
      (e) => seen.push(e.seq),
      2,
      (e) => errors.push(e),
    );

    await jest.advanceTimersByTimeAsync(1); // the first page fails
    expect(errors).toHaveLength(1);
    socket.emit('feed.event', envelope(5)); // a live event lands before 3 and 4 were fetched
    expect(seen).toEqual([]);

    await jest.advanceTimersByTimeAsync(1_000); // the retry
    expect(socket.requests).toEqual([2, 2]);
    expect(seen).toEqual([3, 4, 5]);
  });

  it('backs off between failed attempts and stops retrying while disconnected', async () => {
    const socket = new FakeSocket();
    socket.pages = ['timeout', 'timeout', 'timeout'];
    new FeedClient(socket as unknown as LtClientSocket, () => undefined, 0);
    await jest.advanceTimersByTimeAsync(1); // attempt 1 fails; the next in 500 ms
    await jest.advanceTimersByTimeAsync(500); // attempt 2 fails; the next in 1 s
    expect(socket.requests).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(900);
    expect(socket.requests).toHaveLength(2);
    socket.connected = false;
    await jest.advanceTimersByTimeAsync(60_000);
    expect(socket.requests).toHaveLength(2);
    socket.connected = true;
    socket.emit('connect'); // a reconnect syncs at once
    await jest.advanceTimersByTimeAsync(1);
    expect(socket.requests).toHaveLength(3);
  });
});
