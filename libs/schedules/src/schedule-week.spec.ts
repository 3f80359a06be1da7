import { AppError } from '@lt/common';
import { parseScheduleWeek } from './schedule-week';

describe('a schedule week, Vietnam time', () => {
  it('starts at Monday 00:00 in Vietnam (17:00 UTC on Sunday) and lasts seven days', () => {
    expect(parseScheduleWeek('2026-W50')).toEqual({
      year: 2026,
      week: 50,
      start: new Date('2026-12-06T17:00:00.000Z'),
      end: new Date('2026-12-13T17:00:00.000Z'),
      monday: '2026-12-07',
    });
    // Week 1 holds the year's first Thursday: 2021 began on a Friday, so its week 1 begins on 4 January.
    expect(parseScheduleWeek('2021-W01').monday).toBe('2021-01-04');
    expect(parseScheduleWeek('2027-W01').monday).toBe('2027-01-04');
    // 2026 began on a Thursday: its week 1 begins in 2025.
    expect(parseScheduleWeek('2026-W01').monday).toBe('2025-12-29');
  });

  it('has a week 53 only in the years that have one', () => {
    expect(parseScheduleWeek('2026-W53').monday).toBe('2026-12-28');
    expect(() => parseScheduleWeek('2025-W53')).toThrow(AppError);
  });
});
