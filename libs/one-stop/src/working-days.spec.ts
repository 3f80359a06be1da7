import {
  dueAt,
  isWorkingDay,
  vietnamDay,
  workingDaysAfter,
  workingDaysBetween,
  yearsBetween,
} from './working-days';

/** Tết Bính Ngọ as entered for 2026 (16–20 February), and the 2026 Giỗ Tổ day (27 April, moved from Sunday). */
const HOLIDAYS_2026 = new Set([
  '2026-02-16',
  '2026-02-17',
  '2026-02-18',
  '2026-02-19',
  '2026-02-20',
  '2026-04-27',
]);

describe('working days', () => {
  it('takes the Việt Nam calendar day of an instant', () => {
    expect(vietnamDay(new Date('2026-12-07T16:59:00Z'))).toBe('2026-12-07');
    expect(vietnamDay(new Date('2026-12-07T17:00:00Z'))).toBe('2026-12-08');
  });

  it('skips weekends and the holidays entered', () => {
    expect(isWorkingDay('2026-12-05', new Set())).toBe(false); // Saturday
    expect(isWorkingDay('2026-12-07', new Set())).toBe(true); // Monday
    expect(isWorkingDay('2026-02-17', HOLIDAYS_2026)).toBe(false); // Mùng 1 Tết
  });

  it('counts from the working day after receipt', () => {
    // Received Monday 7 December: 3 working days end Thursday 10 December.
    expect(workingDaysAfter(new Date('2026-12-07T02:00:00Z'), 3, new Set())).toBe('2026-12-10');
    // Received Thursday: 3 working days run over the weekend to Tuesday.
    expect(workingDaysAfter(new Date('2026-12-10T02:00:00Z'), 3, new Set())).toBe('2026-12-15');
    // Received on a Saturday morning counter: counting starts on Monday.
    expect(workingDaysAfter(new Date('2026-12-05T02:00:00Z'), 1, new Set())).toBe('2026-12-07');
    // Received late on Monday evening in Việt Nam (after 17:00 UTC it is already Tuesday there).
    expect(workingDaysAfter(new Date('2026-12-07T18:00:00Z'), 1, new Set())).toBe('2026-12-09');
  });

  it('runs over Tết: a file received before the holiday is due after it', () => {
    // Friday 13 February 2026, 5 working days: none from 14 to 22 February.
    expect(workingDaysAfter(new Date('2026-02-13T03:00:00Z'), 5, HOLIDAYS_2026)).toBe('2026-02-27');
    // Without the holidays entered, the same count would end inside Tết.
    expect(workingDaysAfter(new Date('2026-02-13T03:00:00Z'), 5, new Set())).toBe('2026-02-20');
  });

  it('answers a same-day procedure the day of receipt, or the next working day when received on a day off', () => {
    expect(workingDaysAfter(new Date('2026-12-07T02:00:00Z'), 0, new Set())).toBe('2026-12-07');
    expect(workingDaysAfter(new Date('2026-12-06T02:00:00Z'), 0, new Set())).toBe('2026-12-07');
    expect(() => workingDaysAfter(new Date(), -1, new Set())).toThrow(RangeError);
  });

  it('is due at 17:00 in Việt Nam, and names the years a count spans', () => {
    expect(dueAt('2026-12-10').toISOString()).toBe('2026-12-10T10:00:00.000Z');
    expect(yearsBetween('2026-12-28', '2027-01-05')).toEqual([2026, 2027]);
  });

  it('counts the working days left between two days: what a paused step still has', () => {
    expect(workingDaysBetween('2026-12-07', '2026-12-10', new Set())).toBe(3);
    expect(workingDaysBetween('2026-12-11', '2026-12-14', new Set())).toBe(1); // Friday to Monday
    expect(workingDaysBetween('2026-02-13', '2026-02-23', HOLIDAYS_2026)).toBe(1);
    expect(workingDaysBetween('2026-12-10', '2026-12-07', new Set())).toBe(0);
  });
});
