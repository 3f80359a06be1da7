import { Injectable } from '@nestjs/common';
import { Actor } from '@lt/access';
import ical, { ICalEventStatus } from 'ical-generator';
import { ScheduleViews } from './schedule-views';
import { parseScheduleWeek } from './schedule-week';

const HOUR_MS = 3_600_000;

/**
 * A person's engagements on the published schedules as iCalendar (RFC 5545), for their
 * phone's or mail client's calendar: each with a stable UID and a SEQUENCE that rises with
 * the schedule's revisions, so a calendar that imported it before shows the change; a
 * cancelled engagement stays, marked CANCELLED.
 */
@Injectable()
export class ScheduleCalendar {
  constructor(private readonly views: ScheduleViews) {}

  async ics(actor: Actor, fromWeek: string, weeks: number): Promise<string> {
    const from = parseScheduleWeek(fromWeek).start;
    const to = new Date(from.getTime() + weeks * 7 * 24 * HOUR_MS);
    const entries = await this.views.attendedBy(actor.principal.userId, from, to);
    const calendar = ical({
      name: `Lịch công tác — ${actor.principal.fullName}`,
      prodId: { company: 'Lien Thong', product: 'lich-cong-tac', language: 'VI' },
      timezone: 'Asia/Ho_Chi_Minh',
    });
    for (const entry of entries)
      calendar.createEvent({
        id: `${entry.id}@lien-thong`,
        sequence: entry.revision,
        start: entry.startsAt,
        // An engagement without an end takes an hour in the calendar.
        end: entry.endsAt ?? new Date(entry.startsAt.getTime() + HOUR_MS),
        summary: entry.content,
        location: entry.place,
        description: [entry.unitName, entry.participants && `Thành phần: ${entry.participants}`]
          .filter(Boolean)
          .join('\n'),
        status: entry.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      });
    return calendar.toString();
  }
}
