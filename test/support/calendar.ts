import type { DataSource } from 'typeorm';

/** Việt Nam calendar days for tests, written out here rather than asked of the code under test. */

/** A calendar day, 'YYYY-MM-DD', moved by `n` days. */
export const shiftDay = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const weekend = (day: string) => [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());

/** The first weekday after `day`. */
export const nextWeekday = (day: string) => {
  let next = shiftDay(day, 1);
  while (weekend(next)) next = shiftDay(next, 1);
  return next;
};

/** Today in Việt Nam (UTC+7). */
export const vietnamToday = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

/**
 * The first working day after `day`: a weekday that no test entered as a public holiday (the
 * calendar is one for the whole database the test files share).
 */
export async function nextWorkingDay(t: { ds: DataSource }, day: string): Promise<string> {
  const rows = await t.ds.query<{ day: string }[]>('SELECT day::text AS day FROM public_holidays');
  const holidays = new Set(rows.map((h) => h.day));
  let next = nextWeekday(day);
  while (holidays.has(next)) next = nextWeekday(next);
  return next;
}
