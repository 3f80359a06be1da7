import type { BriefingCounts, BriefingReporterStatus } from '@lt/realtime';

/**
 * Where one expected reporter stands at `now`. A report counts from its first submission: one
 * in by the cut-off (inclusive) is on time even if corrected afterwards; one first in after it
 * is late. With nothing submitted, the reporter is missing once the cut-off has passed and
 * pending until then. The SQL of the lists (`reporterStatusSql`) says the same.
 */
export function reporterStatus(
  firstSubmittedAt: Date | null,
  cutoffAt: Date,
  now: Date,
): BriefingReporterStatus {
  if (firstSubmittedAt) return firstSubmittedAt <= cutoffAt ? 'on_time' : 'late';
  return now > cutoffAt ? 'missing' : 'pending';
}

/** {@link reporterStatus} in SQL, for the columns and the clock parameter given. */
export function reporterStatusSql(firstSubmittedAt: string, cutoffAt: string, now: string): string {
  return `CASE WHEN ${firstSubmittedAt} IS NOT NULL
                THEN CASE WHEN ${firstSubmittedAt} <= ${cutoffAt} THEN 'on_time' ELSE 'late' END
              WHEN ${now} > ${cutoffAt} THEN 'missing' ELSE 'pending' END`;
}

export function countStatuses(statuses: BriefingReporterStatus[]): BriefingCounts {
  const count = (s: BriefingReporterStatus) => statuses.filter((x) => x === s).length;
  return {
    expected: statuses.length,
    onTime: count('on_time'),
    late: count('late'),
    missing: count('missing'),
    pending: count('pending'),
  };
}
