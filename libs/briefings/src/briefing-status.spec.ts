import { countStatuses, reporterStatus } from './briefing-status';

describe('reporterStatus', () => {
  const cutoff = new Date('2026-03-01T09:00:00Z');
  const before = new Date('2026-02-28T09:00:00Z');
  const after = new Date('2026-03-01T10:00:00Z');

  it('judges a report by its first submission, the cut-off itself being on time', () => {
    expect(reporterStatus(before, cutoff, after)).toBe('on_time');
    expect(reporterStatus(cutoff, cutoff, after)).toBe('on_time');
    expect(reporterStatus(after, cutoff, after)).toBe('late');
  });

  it('calls an absent report pending until the cut-off and missing after it', () => {
    expect(reporterStatus(null, cutoff, before)).toBe('pending');
    expect(reporterStatus(null, cutoff, cutoff)).toBe('pending');
    expect(reporterStatus(null, cutoff, after)).toBe('missing');
  });

  it('counts each status', () => {
    expect(countStatuses(['on_time', 'late', 'missing', 'on_time', 'pending'])).toEqual({
      expected: 5,
      onTime: 2,
      late: 1,
      missing: 1,
      pending: 1,
    });
  });
});
