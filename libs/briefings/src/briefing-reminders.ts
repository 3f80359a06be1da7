import { Injectable } from '@nestjs/common';
import { CommandRunner } from '@lt/commands';
import { AppConfig } from '@lt/config';
import { OutgoingEvent } from '@lt/realtime';
import { BriefingAccess } from './briefing-access';
import { BriefingSummaries } from './briefing-summaries';

const BATCH = 50;

/**
 * The worker's reminder before a briefing's cut-off, run with the clock it is given: once
 * BRIEFING_REMINDER_HOURS remain, every expected reporter that has not submitted gets
 * `briefing.reminder`, once. Briefings are claimed with SKIP LOCKED and marked
 * (`reminded_at`) in the transaction that queues the reminders, so two workers side by side
 * never remind twice. A briefing opened already inside that window is marked when opened.
 */
@Injectable()
export class BriefingReminders {
  constructor(
    private readonly commands: CommandRunner,
    private readonly config: AppConfig,
    private readonly access: BriefingAccess,
    private readonly summaries: BriefingSummaries,
  ) {}

  /** Returns how many reporters were reminded. */
  async run(now: Date): Promise<number> {
    const hours = this.config.BRIEFING_REMINDER_HOURS;
    let reminded = 0;
    for (;;) {
      const sent = await this.commands.change('briefing.reminder', null, async ({ em, emit }) => {
        const due: { id: string }[] = await em.query(
          `SELECT id FROM briefings
            WHERE state = 'open' AND reminded_at IS NULL
              AND cutoff_at > $1 AND cutoff_at <= $1 + make_interval(hours => $2)
            ORDER BY cutoff_at, id LIMIT $3 FOR UPDATE SKIP LOCKED`,
          [now, hours, BATCH],
        );
        if (due.length === 0) return null;
        await em.query('UPDATE briefings SET reminded_at = $2 WHERE id = ANY($1::uuid[])', [
          due.map((b) => b.id),
          now,
        ]);
        const events: OutgoingEvent[] = [];
        for (const { id } of due) {
          const waiting: { id: string }[] = await em.query(
            `SELECT r.id FROM briefing_reporters r
              WHERE r.briefing_id = $1 AND NOT EXISTS (SELECT 1 FROM briefing_reports p WHERE p.reporter_id = r.id)
              ORDER BY r.sort_order`,
            [id],
          );
          if (waiting.length === 0) continue;
          const briefing = await this.summaries.summary(em, id);
          const refs = await this.summaries.reporterRefs(em, id);
          const people = await this.access.reporterPeople(
            em,
            id,
            waiting.map((r) => r.id),
          );
          for (const r of waiting)
            events.push({
              name: 'briefing.reminder',
              payload: { briefing, reporter: refs.get(r.id)!, hoursBefore: hours },
              audience: people.get(r.id) ?? [],
            });
        }
        await emit(...events);
        return events.length;
      });
      if (sent === null) break;
      reminded += sent;
    }
    return reminded;
  }
}
