import { Injectable } from '@nestjs/common';
import { CommandRunner } from '@lt/commands';
import { Actor } from '@lt/access';
import { AppError } from '@lt/common';
import { BRIEFING_SECTIONS, BriefingSection } from './briefing-events';
import { BriefingAccess, ReporterRow } from './briefing-access';
import { revisedAfterCutoff } from './briefing-status';
import { SubmitReportDto } from './briefing.dto';
import { BriefingSummaries } from './briefing-summaries';
import { BriefingView, BriefingViews } from './briefing-views';

interface StoredItem {
  id: string;
  section: BriefingSection;
  text: string;
  locked: boolean;
}

/**
 * An expected reporter submits its weekly report — or submits it again, replacing it, until
 * the briefing closes. The reporter's row is locked, so two submissions are applied one after
 * the other and the second must name the version the first produced (409 otherwise). Items
 * keep their ids; one a leader commented or made a task of stays as it is. On time or late is
 * fixed by the first submission; one sent again after the cut-off is marked
 * `revisedAfterCutoff`. The earlier text goes to the audit log; the unit's leaders get
 * `briefing.submitted`.
 */
@Injectable()
export class SubmitReport {
  constructor(
    private readonly commands: CommandRunner,
    private readonly access: BriefingAccess,
    private readonly summaries: BriefingSummaries,
    private readonly views: BriefingViews,
  ) {}

  async execute(
    actor: Actor,
    briefingId: string,
    reporterId: string,
    dto: SubmitReportDto,
    now = new Date(),
  ): Promise<BriefingView> {
    const { principal } = actor;
    const view = await this.commands.change('briefing.report', actor, async ({ em, audit, emit }) => {
      // Shared: submissions go side by side, a close waits for them (and they for it).
      const briefing = await this.access.requireReadable(actor, briefingId, em, 'share');
      const [reporter]: ReporterRow[] = await em.query(
        `SELECT id, unit_id AS "unitId", user_id AS "userId" FROM briefing_reporters
          WHERE id = $1 AND briefing_id = $2 FOR UPDATE`,
        [reporterId, briefingId],
      );
      if (!reporter) throw new AppError('briefing/reporter_not_found', { briefingId, reporterId });
      if (!this.access.reportsAs(principal, reporter))
        throw new AppError('briefing/not_reporter', { briefingId, reporterId });
      if (briefing.state !== 'open') throw new AppError('briefing/closed', { id: briefingId });

      const [report]: { id: string; version: number; firstSubmittedAt: Date }[] = await em.query(
        `SELECT id, version, first_submitted_at AS "firstSubmittedAt" FROM briefing_reports WHERE reporter_id = $1`,
        [reporterId],
      );
      if ((report?.version ?? undefined) !== dto.version)
        throw new AppError('request/conflict_version', {
          id: report?.id ?? null,
          expectedVersion: dto.version ?? null,
          currentVersion: report?.version ?? null,
        });
      // Lock the items first (a comment or a task being made of one waits, or is waited for),
      // then read them with a fresh snapshot: whether each is commented or tasked is current.
      if (report)
        await em.query('SELECT id FROM briefing_items WHERE report_id = $1 FOR UPDATE', [report.id]);
      const earlier: StoredItem[] = report
        ? await em.query(
            `SELECT i.id, i.section, i.text,
                    (i.task_id IS NOT NULL OR EXISTS (SELECT 1 FROM briefing_comments c WHERE c.item_id = i.id)) AS locked
               FROM briefing_items i WHERE i.report_id = $1 ORDER BY i.section, i.sort_order`,
            [report.id],
          )
        : [];
      const sent = BRIEFING_SECTIONS.flatMap((section) =>
        dto[section].map((item, index) => ({ section, index, id: item.id ?? null, text: item.text.trim() })),
      );
      // Ids must name this report's own items, each once, in the section they were in.
      const seen = new Set<string>();
      for (const item of sent) {
        if (!item.id) continue;
        const stored = earlier.find((e) => e.id === item.id);
        if (!stored || stored.section !== item.section || seen.has(item.id))
          throw new AppError('request/validation_failed', undefined, [
            {
              field: `${item.section}.${item.index}.id`,
              constraints: ['isOwnItem'],
              message: 'id must be an item of your earlier submission, in the same section, given once',
            },
          ]);
        seen.add(item.id);
        if (stored.locked && stored.text !== item.text)
          throw new AppError('briefing/item_locked', { itemId: item.id });
      }
      const removed = earlier.filter((e) => !seen.has(e.id));
      const lockedRemoval = removed.find((e) => e.locked);
      if (lockedRemoval) throw new AppError('briefing/item_locked', { itemId: lockedRemoval.id });

      let reportId: string;
      let version: number;
      let firstSubmittedAt: Date;
      if (report) {
        // The reporter's row is locked: nobody else moves the version meanwhile.
        version = report.version + 1;
        await em.query(
          'UPDATE briefing_reports SET submitted_at = $2, submitted_by = $3, version = $4 WHERE id = $1',
          [report.id, now, principal.userId, version],
        );
        reportId = report.id;
        firstSubmittedAt = new Date(report.firstSubmittedAt);
      } else {
        const [created]: { id: string }[] = await em.query(
          `INSERT INTO briefing_reports (briefing_id, reporter_id, first_submitted_at, submitted_at, submitted_by, version)
           VALUES ($1, $2, $3, $3, $4, 1) RETURNING id`,
          [briefingId, reporterId, now, principal.userId],
        );
        reportId = created.id;
        version = 1;
        firstSubmittedAt = now;
      }
      if (removed.length > 0)
        await em.query('DELETE FROM briefing_items WHERE id = ANY($1::uuid[])', [removed.map((e) => e.id)]);
      // Kept items take their new place and text; new ones are added; one statement each.
      await em.query(
        `UPDATE briefing_items i SET text = s.text, sort_order = s.n
           FROM jsonb_to_recordset($1::jsonb) AS s(id uuid, text varchar, n smallint) WHERE i.id = s.id`,
        [JSON.stringify(sent.filter((s) => s.id).map((s) => ({ id: s.id, text: s.text, n: s.index })))],
      );
      await em.query(
        `INSERT INTO briefing_items (briefing_id, report_id, section, sort_order, text, created_at)
         SELECT $1, $2, s.section, s.n, s.text, $4
           FROM jsonb_to_recordset($3::jsonb) AS s(section varchar, n smallint, text varchar)`,
        [
          briefingId,
          reportId,
          JSON.stringify(
            sent.filter((s) => !s.id).map((s) => ({ section: s.section, n: s.index, text: s.text })),
          ),
          now,
        ],
      );

      // On time or late stays as the first submission made it; a resubmission after the
      // cut-off is told apart (the view, the counts, the event and the audit say so).
      const late = firstSubmittedAt > briefing.cutoffAt;
      const revised = revisedAfterCutoff(version, now, briefing.cutoffAt);
      const sections = (items: { section: BriefingSection; text: string }[]) =>
        Object.fromEntries(
          BRIEFING_SECTIONS.map((s) => [s, items.filter((i) => i.section === s).map((i) => i.text)]),
        );
      await audit({
        actor,
        actingUnitId: reporter.unitId,
        action: report ? 'briefing.resubmit' : 'briefing.submit',
        subjectType: 'briefing_report',
        subjectId: reportId,
        // The text it replaces is kept here: the report itself only holds the latest.
        before: report ? { version: report.version, ...sections(earlier) } : null,
        after: { briefingId, reporterId, version, late, revisedAfterCutoff: revised, ...sections(sent) },
      });
      const leaders = (await this.access.unitLeaders(em, briefing.unitId)).filter(
        (id) => id !== principal.userId,
      );
      await emit({
        name: 'briefing.submitted',
        payload: {
          briefing: await this.summaries.summary(em, briefingId),
          reporter: (await this.summaries.reporterRefs(em, briefingId)).get(reporterId)!,
          version,
          late,
          revisedAfterCutoff: revised,
          by: { id: principal.userId, fullName: principal.fullName },
          at: now.toISOString(),
        },
        audience: leaders,
      });
      return this.views.view(em, actor, briefing, now);
    });
    return view;
  }
}
