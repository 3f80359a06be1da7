import { vietnamIsoWeek, vietnamWeekStart } from '@lt/briefings';
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
  const start = vietnamWeekStart({ year, week });
  const check = vietnamIsoWeek(start);
  if (check.year !== year || check.week !== week)
    throw new AppError('schedule/week_invalid', { week: label });
  return {
    year,
    week,
    start,
    end: new Date(start.getTime() + 7 * DAY_MS),
    monday: new Date(start.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10),
  };
}
