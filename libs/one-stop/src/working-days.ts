/**
 * Working days in Việt Nam (ngày làm việc): Monday to Friday, less the public holidays the
 * deployment has entered for the year (Tết, Giỗ Tổ Hùng Vương, 30/4, 1/5, Quốc khánh … and
 * the days the Government moves around them). Days are Việt Nam calendar days, 'YYYY-MM-DD'
 * (UTC+7, no daylight saving). Pure: the holidays come in as data.
 */

const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

/** A result is due at the end of office hours of its day (17:00 in Việt Nam). */
export const DUE_HOUR = 17;

/** The Việt Nam calendar day of an instant. */
export function vietnamDay(at: Date): string {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** `day` moved by `n` calendar days. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

export function isWeekend(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

export function isWorkingDay(day: string, holidays: ReadonlySet<string>): boolean {
  return !isWeekend(day) && !holidays.has(day);
}

/** The instant a result due on `day` is due: 17:00 that day in Việt Nam. */
export function dueAt(day: string): Date {
  return new Date(`${day}T${String(DUE_HOUR).padStart(2, '0')}:00:00+07:00`);
}

/**
 * The day a time of `days` working days ends, counted from the working day after `receivedAt`
 * (the day of receipt does not count); `days` 0 is the day of receipt itself, or the next
 * working day when received on a day off.
 */
export function workingDaysAfter(receivedAt: Date, days: number, holidays: ReadonlySet<string>): string {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a whole number ≥ 0: ${days}`);
  let day = vietnamDay(receivedAt);
  if (days === 0) {
    while (!isWorkingDay(day, holidays)) day = addDays(day, 1);
    return day;
  }
  for (let counted = 0; counted < days;) {
    day = addDays(day, 1);
    if (isWorkingDay(day, holidays)) counted += 1;
  }
  return day;
}

/** The calendar years a span of days touches: whose holidays the count needs. */
export function yearsBetween(from: string, to: string): number[] {
  const years: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) years.push(y);
  return years;
}

/** How many working days lie after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string, holidays: ReadonlySet<string>): number {
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1))
    if (isWorkingDay(day, holidays)) count += 1;
  return count;
}

/**
 * Each step due at the end of its share of the working days counted from `from`: the first
 * after its own days (or `firstDays`, what a paused step has left), each next after the sum.
 */
export function planSteps<T extends { days: number }>(
  steps: readonly T[],
  from: Date,
  holidays: ReadonlySet<string>,
  firstDays?: number,
): (T & { dueDay: string })[] {
  let elapsed = 0;
  return steps.map((step, i) => {
    elapsed += i === 0 && firstDays !== undefined ? firstDays : step.days;
    return { ...step, dueDay: workingDaysAfter(from, elapsed, holidays) };
  });
}
