import { AppError } from '@lt/common';
import { addMonths, monthCount, monthStart, resolvePeriod, vietnamMonth } from './report-period';
import { summaryFigures } from './summary-figures';

describe('report periods', () => {
  it('reads months in Vietnam time: 17:00 UTC on the last day is already the next month there', () => {
    expect(vietnamMonth(new Date('2026-01-31T16:59:59Z'))).toBe('2026-01');
    expect(vietnamMonth(new Date('2026-01-31T17:00:00Z'))).toBe('2026-02');
    expect(monthStart('2026-02').toISOString()).toBe('2026-01-31T17:00:00.000Z');
  });

  it('moves and counts months across years', () => {
    expect(addMonths('2026-11', 3)).toBe('2027-02');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(monthCount('2025-11', '2026-02')).toBe(4);
    expect(monthCount('2026-03', '2026-03')).toBe(1);
  });

  it('defaults to the year to date and covers whole months', () => {
    const period = resolvePeriod(undefined, undefined, new Date('2026-05-20T03:00:00Z'));
    expect(period).toEqual({
      from: '2026-01',
      to: '2026-05',
      start: new Date('2025-12-31T17:00:00Z'),
      end: new Date('2026-05-31T17:00:00Z'),
    });
    expect(resolvePeriod(undefined, '2025-03', new Date()).from).toBe('2025-01');
  });

  it('refuses a period that ends before it starts or runs over ten years', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as AppError).code;
      }
      return null;
    };
    expect(code(() => resolvePeriod('2026-04', '2026-03', new Date()))).toBe('report/invalid_period');
    expect(code(() => resolvePeriod('2010-01', '2026-03', new Date()))).toBe('report/invalid_period');
    expect(code(() => resolvePeriod('2017-04', '2027-03', new Date()))).toBeNull();
  });
});

describe('summary figures', () => {
  it('adds up what was assigned and rates the on-time share of what is due', () => {
    expect(summaryFigures({ doneOnTime: 6, doneLate: 1, open: 5, overdue: 1, urged: 3 })).toEqual({
      assigned: 12,
      doneOnTime: 6,
      doneLate: 1,
      inProgress: 4,
      overdue: 1,
      urged: 3,
      onTimeRate: 0.75,
    });
  });

  it('has no rate when nothing is due yet', () => {
    expect(
      summaryFigures({ doneOnTime: 0, doneLate: 0, open: 3, overdue: 0, urged: 0 }).onTimeRate,
    ).toBeNull();
  });
});
