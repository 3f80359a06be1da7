/**
 * A token bucket per socket: `ratePerSecond` tokens flow in, up to `burst`. Pure and
 * clock-injected so the spec can drive time.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private windowStart: number;
  /**
   * Refusals within the current second. Not "in a row": a steady flood at 1,000 events/s still
   * gets a token every 50 ms at 20/s, which would reset a run of refusals before it grew long.
   */
  refusedThisSecond = 0;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
    this.windowStart = now;
  }

  take(now: number): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.refusedThisSecond = 0;
    }
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    this.refusedThisSecond += 1;
    return false;
  }
}
