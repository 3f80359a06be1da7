import { countStatuses, reporterStatus, revisedAfterCutoff } from './briefing-status';

describe('reporterStatus', () => {
  const cutoff = new Date('2026-03-01T09:00:00Z');
  const before = new Date('2026-02-28T09:00:00Z');
  const after = new Date('2026-03-01T10:00:00Z');
  const muchLater = new Date('2026-03-09T10:00:00Z');

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

  it('freezes the statuses of a closed briefing at its close: nothing pending once closed', () => {
    // Closed before the cut-off: missing at once, and still so after the cut-off.
    const closedAt = new Date('2026-02-28T12:00:00Z');
    expect(reporterStatus(null, cutoff, closedAt, closedAt)).toBe('missing');
    expect(reporterStatus(null, cutoff, after, closedAt)).toBe('missing');
    expect(reporterStatus(null, cutoff, muchLater, closedAt)).toBe('missing');
    expect(reporterStatus(before, cutoff, muchLater, closedAt)).toBe('on_time');
    // Read at a moment before the close (as of then), it was open.
    expect(reporterStatus(null, cutoff, before, closedAt)).toBe('pending');
  });
});

describe('revisedAfterCutoff', () => {
  const cutoff = new Date('2026-03-01T09:00:00Z');
  it('is a resubmission whose latest submission came after the cut-off', () => {
    expect(revisedAfterCutoff(1, new Date('2026-03-01T10:00:00Z'), cutoff)).toBe(false);
    expect(revisedAfterCutoff(2, new Date('2026-03-01T08:59:00Z'), cutoff)).toBe(false);
    expect(revisedAfterCutoff(2, cutoff, cutoff)).toBe(false);
    expect(revisedAfterCutoff(3, new Date('2026-03-02T00:00:00Z'), cutoff)).toBe(true);
  });
});

describe('countStatuses', () => {
  it('counts each status and the reports revised after the cut-off', () => {
    expect(
      countStatuses([
        { status: 'on_time', revisedAfterCutoff: true },
        { status: 'late' },
        { status: 'missing' },
        { status: 'on_time', revisedAfterCutoff: false },
        { status: 'pending' },
      ]),
    ).toEqual({ expected: 5, onTime: 2, late: 1, missing: 1, pending: 1, revisedAfterCutoff: 1 });
  });
});
