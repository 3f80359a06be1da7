/**
 * The Monday meeting as wards held it: next Monday at 7:30, reports due the Friday before at
 * 16:00 — or, when that has passed, Sunday at 17:00, or half an hour before the meeting.
 */
export function mondayBriefing(now: Date): { meetingAt: Date; cutoffAt: Date } {
  const meetingAt = new Date(now);
  meetingAt.setHours(7, 30, 0, 0);
  const daysToMonday = (8 - now.getDay()) % 7;
  meetingAt.setDate(meetingAt.getDate() + daysToMonday);
  // Too close to gather reports for: the Monday after.
  if (meetingAt.getTime() - 30 * 60_000 <= now.getTime()) meetingAt.setDate(meetingAt.getDate() + 7);
  const at = (daysBefore: number, hours: number) => {
    const d = new Date(meetingAt);
    d.setDate(d.getDate() - daysBefore);
    d.setHours(hours, 0, 0, 0);
    return d;
  };
  const cutoffAt = [at(3, 16), at(1, 17)].find((d) => d > now) ?? new Date(meetingAt.getTime() - 30 * 60_000);
  return { meetingAt, cutoffAt };
}
