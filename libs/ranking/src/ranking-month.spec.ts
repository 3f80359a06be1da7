import { addMonths, monthBounds, monthStatus, monthsToClose, vietnamMonthOf } from './ranking-month';

describe('ranking months (Vietnam calendar)', () => {
  it('places a moment in its Vietnamese month', () => {
    expect(vietnamMonthOf(new Date('2026-04-30T16:59:59.999Z'))).toBe('2026-04');
    expect(vietnamMonthOf(new Date('2026-04-30T17:00:00.000Z'))).toBe('2026-05'); // 00:00 on 1 May in Hà Nội
  });

  it('bounds a month from 00:00 on the 1st to 00:00 on the next 1st, UTC+7', () => {
    expect(monthBounds('2026-04')).toEqual({
      since: new Date('2026-03-31T17:00:00.000Z'),
      until: new Date('2026-04-30T17:00:00.000Z'),
    });
    expect(monthBounds('2026-12').until).toEqual(new Date('2026-12-31T17:00:00.000Z'));
  });

  it('adds months across years', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-05', -13)).toBe('2025-04');
  });

  it('says whether a month has ended', () => {
    const now = new Date('2026-05-01T00:30:00+07:00');
    expect(monthStatus('2026-04', now)).toBe('ended');
    expect(monthStatus('2026-05', now)).toBe('current');
    expect(monthStatus('2026-06', now)).toBe('future');
  });
});

describe('monthsToClose', () => {
  const now = new Date('2026-11-26T03:00:00Z');
  it('closes the month just ended, and every month missed since the last one stored, oldest first', () => {
    expect(monthsToClose(null, now)).toEqual(['2026-10']);
    expect(monthsToClose('2026-09', now)).toEqual(['2026-10']);
    expect(monthsToClose('2026-06', now)).toEqual(['2026-07', '2026-08', '2026-09', '2026-10']);
    expect(monthsToClose('2025-11', now)).toHaveLength(11);
    expect(monthsToClose('2026-10', now)).toEqual(['2026-10']);
    expect(monthsToClose('2027-01', now)).toEqual(['2026-10']);
  });
});
