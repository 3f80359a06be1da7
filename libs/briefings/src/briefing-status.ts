import type { BriefingCounts, BriefingReporterStatus } from './briefing-events';

/**
 * Where one expected reporter stands, read at min(now, closedAt): a closed briefing's statuses
 * are frozen as they stood when it closed. A report counts from its first submission: one in
 * by the cut-off (inclusive) is on time even if corrected afterwards (then
 * {@link revisedAfterCutoff} tells); one first in after it is late. With nothing submitted,
 * the reporter is missing once the cut-off has passed or the briefing has closed (even before
 * its cut-off: nothing can come any more), and pending until then. The SQL of the lists
 * (`reporterStatusSql`) says the same; closing records these very counts.
 */
export function reporterStatus(
  firstSubmittedAt: Date | null,
  cutoffAt: Date,
  now: Date,
  closedAt: Date | null = null,
): BriefingReporterStatus {
  if (firstSubmittedAt) return firstSubmittedAt <= cutoffAt ? 'on_time' : 'late';
  if (closedAt && closedAt <= now) return 'missing';
  return now > cutoffAt ? 'missing' : 'pending';
}

/** {@link reporterStatus} in SQL, for the columns and the clock parameter given. */
export function reporterStatusSql(
  firstSubmittedAt: string,
  cutoffAt: string,
  now: string,
  closedAt: string,
): string {
  return `CASE WHEN ${firstSubmittedAt} IS NOT NULL
                THEN CASE WHEN ${firstSubmittedAt} <= ${cutoffAt} THEN 'on_time' ELSE 'late' END
              WHEN ${closedAt} <= ${now} OR ${now} > ${cutoffAt} THEN 'missing'
              ELSE 'pending' END`;
}

/**
 * A report sent again after the cut-off: its first submission fixed it on time (or late), but
 * what it says now was, at least in part, written after the cut-off. `submittedAt` is the
 * latest submission, so this reads "resubmitted, and last after the cut-off".
 */
export function revisedAfterCutoff(version: number, submittedAt: Date, cutoffAt: Date): boolean {
  return version > 1 && submittedAt > cutoffAt;
}

/** {@link revisedAfterCutoff} in SQL: a boolean, false without a report. */
export function revisedAfterCutoffSql(version: string, submittedAt: string, cutoffAt: string): string {
  return `coalesce(${version} > 1 AND ${submittedAt} > ${cutoffAt}, false)`;
}

/** The counts of a briefing: each status, and the reports revised after the cut-off. */
export function countStatuses(
  reporters: { status: BriefingReporterStatus; revisedAfterCutoff?: boolean }[],
): BriefingCounts {
  const count = (s: BriefingReporterStatus) => reporters.filter((r) => r.status === s).length;
  return {
    expected: reporters.length,
    onTime: count('on_time'),
    late: count('late'),
    missing: count('missing'),
    pending: count('pending'),
    revisedAfterCutoff: reporters.filter((r) => r.revisedAfterCutoff).length,
  };
}
