import { percentile, round, rounded, summarize } from './stats';

describe('benchmark statistics', () => {
  it('takes percentiles by nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([1, 2, 3], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
  });

  it('answers NaN for no values and refuses a percentile outside 0–100', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], -1)).toThrow(RangeError);
  });

  it('summarises unsorted values numerically, skipping NaN', () => {
    const s = summarize([10, 9, 100, NaN, 2, 1]);
    expect(s).toEqual({ count: 5, min: 1, mean: 24.4, p50: 9, p95: 100, p99: 100, max: 100 });
  });

  it('summarises typed arrays and empty input', () => {
    expect(summarize(new Float64Array([3, 1, 2])).p50).toBe(2);
    const empty = summarize([]);
    expect(empty.count).toBe(0);
    expect(empty.p99).toBeNaN();
  });

  it('rounds for JSON, turning NaN and Infinity into null', () => {
    expect(round(1.23456)).toBe(1.23);
    expect(round(1.23456, 0)).toBe(1);
    expect(round(NaN)).toBeNull();
    expect(round(Infinity)).toBeNull();
    expect(rounded(summarize([]))).toEqual({
      count: 0,
      min: null,
      mean: null,
      p50: null,
      p95: null,
      p99: null,
      max: null,
    });
  });
});
