/** Percentiles and summaries for the benchmarks. Pure: no I/O, no clock. */

export interface Summary {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * The `p`-th percentile (0–100) of ascending `sorted` values by the nearest-rank method: the
 * smallest value such that at least p% of the values are at or below it. NaN when empty.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is outside 0–100`);
  if (sorted.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** Count, min, mean, p50/p95/p99 and max of `values` (in any order; NaN entries are skipped). */
export function summarize(values: ArrayLike<number>): Summary {
  const kept: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) kept.push(values[i]);
  // A Float64Array sorts numerically (an Array would sort as strings).
  const sorted = Float64Array.from(kept).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  const count = sorted.length;
  return {
    count,
    min: count > 0 ? sorted[0] : NaN,
    mean: count > 0 ? sum / count : NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: count > 0 ? sorted[count - 1] : NaN,
  };
}

/** Rounds for reports: `digits` decimals; NaN and ±Infinity become null (JSON has neither). */
export function round(value: number, digits = 2): number | null {
  if (!Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A summary with every figure rounded for a report. */
export function rounded(summary: Summary, digits = 2): Record<keyof Summary, number | null> {
  return {
    count: summary.count,
    min: round(summary.min, digits),
    mean: round(summary.mean, digits),
    p50: round(summary.p50, digits),
    p95: round(summary.p95, digits),
    p99: round(summary.p99, digits),
    max: round(summary.max, digits),
  };
}

/** `count` events over the span from `fromMs` to `toMs`, per second; NaN for an empty or negative span. */
export function perSecond(count: number, fromMs: number, toMs: number): number {
  const seconds = (toMs - fromMs) / 1000;
  return seconds > 0 ? count / seconds : NaN;
}

/**
 * An open-loop schedule of evenly spaced events from `start` (ms): event k (0, 1, ...) is due
 * at start + offsetMs + k · intervalMs. An interval of 0 makes every event due at once.
 */
export interface Schedule {
  start: number;
  offsetMs: number;
  intervalMs: number;
}

/**
 * Process `index` of `processes` sharing `ratePerSecond` evenly: each sends at rate / processes,
 * and the processes are staggered by one overall interval, so together they interleave into one
 * stream at `ratePerSecond`.
 */
export function pacedSchedule(
  start: number,
  ratePerSecond: number,
  processes: number,
  index: number,
): Schedule {
  if (!(ratePerSecond > 0)) throw new RangeError(`rate ${ratePerSecond} is not positive`);
  return { start, offsetMs: (1000 * index) / ratePerSecond, intervalMs: (1000 * processes) / ratePerSecond };
}

/** When event `k` of `schedule` is due. */
export function dueAt(schedule: Schedule, k: number): number {
  return schedule.start + schedule.offsetMs + k * schedule.intervalMs;
}

/** How many of the first `total` events of `schedule` are due at time `t` (those due at or before it). */
export function dueBy(schedule: Schedule, total: number, t: number): number {
  const since = t - schedule.start - schedule.offsetMs;
  if (since < 0) return 0;
  if (schedule.intervalMs <= 0) return total;
  let n = Math.min(total, Math.floor(since / schedule.intervalMs) + 1);
  // Floating-point division may land one off the direct comparison; dueAt decides.
  while (n < total && dueAt(schedule, n) <= t) n += 1;
  while (n > 0 && dueAt(schedule, n - 1) > t) n -= 1;
  return n;
}
