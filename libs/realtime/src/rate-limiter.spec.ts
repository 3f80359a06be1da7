import { TokenBucket } from './rate-limiter';

describe('TokenBucket', () => {
  it('allows the burst, then refuses until tokens flow back in', () => {
    const bucket = new TokenBucket(10, 3, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([true, true, true]);
    expect(bucket.take(0)).toBe(false);
    expect(bucket.refusedThisSecond).toBe(1);
    expect(bucket.take(50)).toBe(false); // half a token
    expect(bucket.take(100)).toBe(true); // 0.5 + 0.5 = 1
    expect(bucket.refusedThisSecond).toBe(2);
    expect(bucket.take(1000)).toBe(true);
    expect(bucket.refusedThisSecond).toBe(0); // a new second
  });

  it('counts the refusals of a steady flood, which the trickle of tokens does not hide', () => {
    const bucket = new TokenBucket(20, 60, 0);
    for (let ms = 0; ms < 1000; ms++) bucket.take(ms); // one event a millisecond
    expect(bucket.refusedThisSecond).toBeGreaterThan(60 * 10);
  });

  it('never stores more than the burst', () => {
    const bucket = new TokenBucket(100, 2, 0);
    const allowed = [0, 0, 0].map(() => bucket.take(60_000));
    expect(allowed).toEqual([true, true, false]);
  });
});
