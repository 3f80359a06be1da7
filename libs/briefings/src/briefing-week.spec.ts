import { vietnamIsoWeek, weekLabel } from './briefing-week';

describe('vietnamIsoWeek', () => {
  it('numbers weeks as ISO 8601 does, across year ends', () => {
    expect(vietnamIsoWeek(new Date('2026-01-01T05:00:00+07:00'))).toEqual({ year: 2026, week: 1 });
    // Monday 29 December 2025 already belongs to 2026's first week (its Thursday is 1 January).
    expect(vietnamIsoWeek(new Date('2025-12-29T07:30:00+07:00'))).toEqual({ year: 2026, week: 1 });
    // 2026 has 53 weeks (it starts on a Thursday); 1 January 2027 (a Friday) is still in it.
    expect(vietnamIsoWeek(new Date('2027-01-01T09:00:00+07:00'))).toEqual({ year: 2026, week: 53 });
    expect(vietnamIsoWeek(new Date('2027-01-04T07:30:00+07:00'))).toEqual({ year: 2027, week: 1 });
    expect(vietnamIsoWeek(new Date('2026-03-02T07:30:00+07:00'))).toEqual({ year: 2026, week: 10 });
  });

  it('reads the calendar in Vietnam, not in UTC', () => {
    // Monday 06:00 in Hà Nội is Sunday 23:00 UTC: the meeting is in the new week.
    const monday = new Date('2026-03-01T23:00:00Z');
    expect(vietnamIsoWeek(monday)).toEqual({ year: 2026, week: 10 });
    // Sunday 23:30 in Hà Nội is still the old week.
    expect(vietnamIsoWeek(new Date('2026-03-01T16:30:00Z'))).toEqual({ year: 2026, week: 9 });
  });

  it('labels a week as YYYY-Www', () => {
    expect(weekLabel({ year: 2026, week: 9 })).toBe('2026-W09');
    expect(weekLabel({ year: 2026, week: 53 })).toBe('2026-W53');
  });
});
