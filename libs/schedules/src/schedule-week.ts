import { vietnamIsoWeek } from '@lt/briefings';
import { AppError } from '@lt/common';

const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

export interface ScheduleWeek {
  year: number;
  week: number;
  /** Monday 00:00 in Vietnam, as an instant. */
  start: Date;
  /** The next Monday 00:00 in Vietnam. */
  end: Date;
  /** `2026-12-07`: the Monday's date. */
  monday: string;
}

/** `2026-W50` as its bounds in Vietnam time; a week 53 the year does not have is refused. */
export function parseScheduleWeek(label: string): ScheduleWeek {
  const [year, week] = label.split('-W').map(Number);
  // ISO 8601: 4 January is always in week 1.
  const jan4 = Date.UTC(year, 0, 4);
  const weekday = new Date(jan4).getUTCDay() || 7;
  const mondayUtcDate = jan4 - (weekday - 1) * DAY_MS + (week - 1) * 7 * DAY_MS;
  const start = new Date(mondayUtcDate - VIETNAM_OFFSET_MS);
  const check = vietnamIsoWeek(start);
  if (check.year !== year || check.week !== week)
    throw new AppError('schedule/week_invalid', { week: label });
  return {
    year,
    week,
    start,
    end: new Date(start.getTime() + 7 * DAY_MS),
    monday: new Date(mondayUtcDate).toISOString().slice(0, 10),
  };
}

export function scheduleWeekLabel(year: number, week: number): string {
  return `${year}-W${String(week).padStart(2, '0')}`;
}
