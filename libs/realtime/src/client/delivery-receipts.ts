import type { Ack } from '../contract';
import type { LtClientSocket } from './feed-client';

export interface DeliveryReceiptOptions {
  minDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  /** Observes each batch sent and its answer (benchmarks count them). */
  onSent?: (directiveIds: string[]) => void;
  onAnswer?: (directiveIds: string[], response: Ack<{ updated: number }> | null) => void;
}

/**
 * Tells the server which directives reached this client (`directive.delivered`), in batches
 * sent after a short random delay. Ten thousand clients answering one emission in the same
 * millisecond would compete with that emission for the server and the network; spread over a
 * second or two, the proof of delivery costs nothing but that second. Unsent ids survive a
 * reconnect and go with the next batch.
 */
export class DeliveryReceipts {
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly minDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly random: () => number;
  private readonly options: DeliveryReceiptOptions;

  constructor(
    private readonly socket: LtClientSocket,
    options: DeliveryReceiptOptions = {},
  ) {
    this.minDelayMs = options.minDelayMs ?? 250;
    this.maxDelayMs = options.maxDelayMs ?? 2000;
    this.random = options.random ?? Math.random;
    this.options = options;
    socket.on('connect', () => this.schedule());
  }

  add(directiveId: string): void {
    this.pending.add(directiveId);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.pending.size === 0) return;
    const delay = this.minDelayMs + this.random() * (this.maxDelayMs - this.minDelayMs);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.send();
    }, delay);
  }

  private send(): void {
    if (!this.socket.connected) return; // sent again after the reconnect
    const directiveIds = [...this.pending].slice(0, 500);
    this.options.onSent?.(directiveIds);
    this.socket
      .timeout(15_000)
      .emit(
        'directive.delivered',
        { directiveIds },
        (error: Error | null, response: Ack<{ updated: number }>) => {
          if (!error && response.ok) for (const id of directiveIds) this.pending.delete(id);
          // Refused ids (recalled, no longer mine) are dropped; a timeout keeps them for the next try.
          if (!error && !response.ok) for (const id of directiveIds) this.pending.delete(id);
          this.options.onAnswer?.(directiveIds, error ? null : response);
          this.schedule();
        },
      );
  }
}
