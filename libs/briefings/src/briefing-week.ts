/** Vietnam keeps UTC+7 all year; a briefing's week is the week of its meeting there. */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

export interface IsoWeek {
  year: number;
  week: number;
}

/**
 * The ISO 8601 week (Monday first; week 1 holds the year's first Thursday) of a moment, as
 * the calendar in Vietnam shows it: Monday 06:00 in Hà Nội is still Sunday in UTC.
 */
export function vietnamIsoWeek(at: Date): IsoWeek {
  const local = new Date(at.getTime() + VIETNAM_OFFSET_MS);
  const weekday = local.getUTCDay() || 7;
  // The Thursday of this week decides the year.
  const thursday = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 4 - weekday);
  const year = new Date(thursday).getUTCFullYear();
  return { year, week: Math.floor((thursday - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1 };
}

/** `2026-W09`. */
export function weekLabel(week: IsoWeek): string {
  return `${week.year}-W${String(week.week).padStart(2, '0')}`;
}

/** Monday 00:00 in Vietnam of an ISO week, as an instant (4 January is always in week 1). */
export function vietnamWeekStart(week: IsoWeek): Date {
  const jan4 = Date.UTC(week.year, 0, 4);
  const weekday = new Date(jan4).getUTCDay() || 7;
  return new Date(jan4 - (weekday - 1) * DAY_MS + (week.week - 1) * 7 * DAY_MS - VIETNAM_OFFSET_MS);
}
