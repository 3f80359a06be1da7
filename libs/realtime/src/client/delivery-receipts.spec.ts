import { EventEmitter } from 'node:events';
import { DeliveryReceipts } from './delivery-receipts';
import type { LtClientSocket } from './feed-client';

/** Just enough of a socket.io client socket: connect events and acknowledged emits. */
class FakeSocket extends EventEmitter {
  connected = true;
  sent: string[][] = [];
  answer: (ids: string[]) => { ok: boolean } | 'timeout' = () => ({ ok: true });
  timeout() {
    return {
      emit: (
        _name: string,
        payload: { directiveIds: string[] },
        callback: (error: Error | null, response?: unknown) => void,
      ) => {
        this.sent.push(payload.directiveIds);
        const result = this.answer(payload.directiveIds);
        setTimeout(() => (result === 'timeout' ? callback(new Error('timeout')) : callback(null, result)), 0);
      },
    };
  }
}

describe('DeliveryReceipts', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sends ids received close together in one batch, after the random delay', () => {
    const socket = new FakeSocket();
    const receipts = new DeliveryReceipts(socket as unknown as LtClientSocket, {
      minDelayMs: 100,
      maxDelayMs: 300,
      random: () => 0.5,
    });
    receipts.add('a');
    receipts.add('b');
    jest.advanceTimersByTime(199);
    expect(socket.sent).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(socket.sent).toEqual([['a', 'b']]);
  });

  it('keeps ids through a disconnect and a timeout, and sends them again', () => {
    const socket = new FakeSocket();
    const receipts = new DeliveryReceipts(socket as unknown as LtClientSocket, {
      minDelayMs: 10,
      maxDelayMs: 10,
    });
    socket.connected = false;
    receipts.add('a');
    jest.advanceTimersByTime(10);
    expect(socket.sent).toEqual([]);
    socket.connected = true;
    socket.answer = () => 'timeout';
    socket.emit('connect');
    jest.advanceTimersByTime(10);
    expect(socket.sent).toEqual([['a']]);
    socket.answer = () => ({ ok: true });
    jest.advanceTimersByTime(1); // the timeout's answer reschedules
    jest.advanceTimersByTime(10);
    expect(socket.sent).toEqual([['a'], ['a']]);
    jest.advanceTimersByTime(100);
    expect(socket.sent).toHaveLength(2); // acknowledged: nothing left to send
  });
});
