/** Vietnam keeps UTC+7 all year (no daylight saving): registers and periods follow its calendar. */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** The year of a moment in Vietnam: numbering restarts on 1 January there. */
export function vietnamYear(at: Date): number {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).getUTCFullYear();
}

/** The calendar date (YYYY-MM-DD) of a moment in Vietnam. */
export function vietnamDate(at: Date): string {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}
