import { dueAt, dueBy, pacedSchedule, percentile, perSecond, round, rounded, summarize } from './stats';

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

  it('counts per second over a span, NaN for an empty one', () => {
    expect(perSecond(5000, 1000, 2000)).toBe(5000);
    expect(perSecond(10, 0, 4000)).toBe(2.5);
    expect(perSecond(1, 7, 7)).toBeNaN();
    expect(perSecond(1, 7, 6)).toBeNaN();
  });

  it('paces processes so that together they interleave into one stream at the rate', () => {
    const rate = 5000;
    const processes = 4;
    const start = 1_000_000;
    const times: number[] = [];
    for (let index = 0; index < processes; index++) {
      const schedule = pacedSchedule(start, rate, processes, index);
      expect(schedule.intervalMs).toBeCloseTo(0.8); // 1250/s each
      for (let k = 0; k < 250; k++) times.push(dueAt(schedule, k));
    }
    times.sort((a, b) => a - b);
    expect(times[0]).toBe(start);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeCloseTo(0.2, 9);
    // 1000 events at 5000/s span 999 intervals of 0.2 ms.
    expect(times[times.length - 1] - start).toBeCloseTo(199.8, 6);
    expect(() => pacedSchedule(start, 0, 1, 0)).toThrow(RangeError);
  });

  it('counts the events due by a time, including one due exactly then', () => {
    const schedule = { start: 100, offsetMs: 0.5, intervalMs: 2 };
    expect(dueBy(schedule, 10, 100)).toBe(0);
    expect(dueBy(schedule, 10, 100.5)).toBe(1);
    expect(dueBy(schedule, 10, 102.49)).toBe(1);
    expect(dueBy(schedule, 10, 102.5)).toBe(2);
    expect(dueBy(schedule, 10, 1e9)).toBe(10);
    expect(dueBy(schedule, 0, 1e9)).toBe(0);
    // Agrees with dueAt where floating-point division is inexact.
    const odd = pacedSchedule(1_700_000_000_000.123, 3000, 3, 2);
    for (let k = 0; k < 2000; k++) {
      expect(dueBy(odd, 5000, dueAt(odd, k))).toBe(k + 1);
      expect(dueBy(odd, 5000, dueAt(odd, k) - 1e-3)).toBe(k);
    }
  });

  it('makes every event due at the start when there is no interval (a burst)', () => {
    const burst = { start: 50, offsetMs: 0, intervalMs: 0 };
    expect(dueBy(burst, 10_000, 49.9)).toBe(0);
    expect(dueBy(burst, 10_000, 50)).toBe(10_000);
    expect(dueAt(burst, 9999)).toBe(50);
  });
});
