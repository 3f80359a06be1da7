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
