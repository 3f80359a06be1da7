/**
 * A token bucket per socket: `ratePerSecond` tokens flow in, up to `burst`. Pure and
 * clock-injected so the spec can drive time.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  /** Refusals in a row; a client that keeps flooding is disconnected. */
  refusedInARow = 0;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  take(now: number): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      this.refusedInARow = 0;
      return true;
    }
    this.refusedInARow += 1;
    return false;
  }
}
