/**
 * Months of the Vietnamese calendar (Asia/Ho_Chi_Minh, UTC+7 all year since 1975, no
 * daylight saving). A month is written `YYYY-MM` in the API and stored as its first day.
 */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** `2026-04` → `2026-04-01`. */
export function monthDate(month: string): string {
  return `${month}-01`;
}

/** `2026-04-01` (or `2026-04`) → `2026-04`. */
export function monthLabel(date: string): string {
  return date.slice(0, 7);
}

/** The month (YYYY-MM) a moment falls in, in Vietnam. */
export function vietnamMonthOf(at: Date): string {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 7);
}

/** The month `delta` months after `month` (before, when negative). */
export function addMonths(month: string, delta: number): string {
  const [year, m] = month.split('-').map(Number);
  const index = year * 12 + (m - 1) + delta;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The instants [since, until) of a month: 00:00 on its first day to 00:00 on the next month's, in Vietnam. */
export function monthBounds(month: string): { since: Date; until: Date } {
  const start = (m: string) => {
    const [year, mm] = m.split('-').map(Number);
    return new Date(Date.UTC(year, mm - 1, 1) - VIETNAM_OFFSET_MS);
  };
  return { since: start(month), until: start(addMonths(month, 1)) };
}

/** Where `month` stands at `now`: ended, the current one, or not begun. */
export function monthStatus(month: string, now: Date): 'ended' | 'current' | 'future' {
  const current = vietnamMonthOf(now);
  return month < current ? 'ended' : month === current ? 'current' : 'future';
}

/**
 * The ended months a worker pass must close, oldest first: the month just ended, and every
 * month since the last one stored (`latest`) that no worker closed while they were down.
 * With nothing stored yet (a new deployment) only the month just ended.
 */
export function monthsToClose(latest: string | null, now: Date): string[] {
  const last = addMonths(vietnamMonthOf(now), -1);
  const months: string[] = [];
  let month = latest === null || latest >= last ? last : addMonths(latest, 1);
  while (month <= last) {
    months.push(month);
    month = addMonths(month, 1);
  }
  return months;
}
