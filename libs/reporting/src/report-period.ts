import { AppError } from '@lt/common';

/** A month as the API takes it: `2026-03`. */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The longest period one summary covers (ten years). */
export const MAX_PERIOD_MONTHS = 120;

/** Vietnam keeps UTC+7 all year (no daylight saving), as `Asia/Ho_Chi_Minh` in the database. */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/**
 * A run of whole months, both ends included, in Vietnam's calendar. A task counts in the
 * period when it was issued (`issued_at`) from `start` (inclusive) to `end` (exclusive).
 */
export interface ReportPeriod {
  from: string;
  to: string;
  /** The first instant of `from`: 00:00 on its first day, Vietnam time. */
  start: Date;
  /** The first instant after `to`. */
  end: Date;
}

/** The month (`YYYY-MM`) that `at` falls in, in Vietnam. */
export function vietnamMonth(at: Date): string {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 7);
}

/** `month` moved by `count` months (negative: back). */
export function addMonths(month: string, count: number): string {
  const [year, m] = month.split('-').map(Number);
  const index = year * 12 + (m - 1) + count;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** How many months from `from` to `to`, both included (0 or less when `to` is earlier). */
export function monthCount(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  return ty * 12 + tm - (fy * 12 + fm) + 1;
}

/** The first instant of `month`, Vietnam time. */
export function monthStart(month: string): Date {
  const [year, m] = month.split('-').map(Number);
  return new Date(Date.UTC(year, m - 1, 1) - VIETNAM_OFFSET_MS);
}

/** `month` as the database keys it: the first day of the month. */
export const monthKey = (month: string): string => `${month}-01`;

/**
 * The period asked for. By default the year to date: `to` is the current month, `from` the
 * January of `to`'s year. A period that ends before it starts, or runs longer than
 * MAX_PERIOD_MONTHS, is refused with `report/invalid_period`.
 */
export function resolvePeriod(from: string | undefined, to: string | undefined, now: Date): ReportPeriod {
  const end = to ?? vietnamMonth(now);
  const start = from ?? `${end.slice(0, 4)}-01`;
  for (const month of [start, end])
    if (!MONTH_PATTERN.test(month)) throw new AppError('report/invalid_period', { from: start, to: end });
  const months = monthCount(start, end);
  if (months < 1 || months > MAX_PERIOD_MONTHS)
    throw new AppError('report/invalid_period', { from: start, to: end, maxMonths: MAX_PERIOD_MONTHS });
  return { from: start, to: end, start: monthStart(start), end: monthStart(addMonths(end, 1)) };
}
