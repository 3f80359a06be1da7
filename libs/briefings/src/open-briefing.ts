import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor } from '@lt/access';
import { CommandRunner } from '@lt/commands';
import { AppError } from '@lt/common';
import { AppConfig } from '@lt/config';
import { isUniqueViolation } from '@lt/database';
import { OrgTreeService } from '@lt/org';
import { PeopleService } from '@lt/people';
import { DataSource, EntityManager } from 'typeorm';
import { BriefingAccess } from './briefing-access';
import { OpenBriefingDto } from './briefing.dto';
import { BriefingSummaries } from './briefing-summaries';
import { BriefingView, BriefingViews } from './briefing-views';
import { vietnamIsoWeek, weekLabel } from './briefing-week';

/**
 * A unit leader opens the week's briefing of their unit: title, meeting, cut-off and who
 * reports — by default every active unit directly below, plus named people of the unit. One
 * per unit and week; the briefing, its reporters, the audit entry and `briefing.opened` (to
 * the reporters and the unit's other leaders) are written in one command. A retry with
 * the same Idempotency-Key returns the first briefing.
 */
@Injectable()
export class OpenBriefing {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commands: CommandRunner,
    private readonly tree: OrgTreeService,
    private readonly access: BriefingAccess,
    private readonly summaries: BriefingSummaries,
    private readonly views: BriefingViews,
    private readonly config: AppConfig,
    private readonly people: PeopleService,
  ) {}

  async execute(
    actor: Actor,
    dto: OpenBriefingDto,
    idempotencyKey?: string,
    now = new Date(),
  ): Promise<BriefingView> {
    const { principal } = actor;
    // Opening is for the unit's own leaders, not those above it (they read it).
    if (!this.access.unitLeaderPosition(principal, dto.unitId))
      throw new AppError('access/forbidden', { permission: 'briefing.open', unitId: dto.unitId });
    const meetingAt = new Date(dto.meetingAt);
    const cutoffAt = new Date(dto.cutoffAt);
    if (cutoffAt <= now) throw new AppError('briefing/cutoff_in_past', { cutoffAt: dto.cutoffAt });
    if (cutoffAt > meetingAt)
      throw new AppError('briefing/cutoff_after_meeting', {
        cutoffAt: dto.cutoffAt,
        meetingAt: dto.meetingAt,
      });
    const week = vietnamIsoWeek(meetingAt);
    const request = {
      unitId: dto.unitId,
      title: dto.title.trim(),
      meetingAt: meetingAt.getTime(),
      cutoffAt: cutoffAt.getTime(),
      units: dto.units ? [...dto.units].sort() : null,
      people: dto.people ? [...dto.people].sort() : null,
    };

    let id: string;
    try {
      id = await this.commands.run({
        name: 'briefing.open',
        actor,
        idempotency: { key: idempotencyKey, request, conflict: 'briefing/idempotency_conflict' },
        run: async (context) => {
          const { em } = context;
          const unit = await this.tree.requireUnit(dto.unitId, em);
          if (!unit.active) throw new AppError('org/unit_inactive', { unitId: unit.id });
          await this.requireWeekFree(em, unit.id, week.year, week.week);
          const units = await this.reportingUnits(em, unit.id, dto.units);
          const people = await this.reportingPeople(em, unit.id, dto.people ?? []);
          if (units.length + people.length === 0)
            throw new AppError('briefing/no_reporters', { unitId: unit.id });

          // Opened already inside the reminder window: the opening itself is the notice.
          const remindFrom = new Date(cutoffAt.getTime() - this.config.BRIEFING_REMINDER_HOURS * 3_600_000);
          const [row]: { id: string }[] = await em.query(
            `INSERT INTO briefings (unit_id, iso_year, iso_week, title, meeting_at, cutoff_at, state, opened_by,
                                  reminded_at, idempotency_key, created_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $9, $10, 1) RETURNING id`,
            [
              unit.id,
              week.year,
              week.week,
              dto.title.trim(),
              meetingAt,
              cutoffAt,
              principal.userId,
              remindFrom <= now ? now : null,
              idempotencyKey ?? null,
              now,
            ],
          );
          await em.query(
            `INSERT INTO briefing_reporters (briefing_id, unit_id, user_id, sort_order)
           SELECT $1, r."unitId", r."userId", r.n
             FROM jsonb_to_recordset($2::jsonb) AS r("unitId" uuid, "userId" uuid, n smallint)`,
            [
              row.id,
              JSON.stringify(
                [
                  ...units.map((unitId) => ({ unitId, userId: null })),
                  ...people.map((userId) => ({ unitId: unit.id, userId })),
                ].map((r, n) => ({ ...r, n })),
              ),
            ],
          );
          await context.audit({
            actor,
            actingUnitId: unit.id,
            action: 'briefing.open',
            subjectType: 'briefing',
            subjectId: row.id,
            after: {
              title: dto.title.trim(),
              week: weekLabel(week),
              meetingAt: meetingAt.toISOString(),
              cutoffAt: cutoffAt.toISOString(),
              units,
              people,
            },
          });
          const reporters = await this.access.reporterPeople(em, row.id);
          const audience = new Set(
            [...reporters.values()].flat().concat(await this.access.unitLeaders(em, unit.id)),
          );
          audience.delete(principal.userId);
          await context.emit({
            name: 'briefing.opened',
            payload: {
              briefing: await this.summaries.summary(em, row.id),
              by: { id: principal.userId, fullName: principal.fullName },
              at: now.toISOString(),
            },
            audience: [...audience],
          });
          return row.id;
        },
      });
    } catch (error) {
      // Two leaders opening the same week at once: the second is told which briefing won.
      if (isUniqueViolation(error, 'briefings_unit_week_key'))
        await this.requireWeekFree(this.dataSource.manager, dto.unitId, week.year, week.week);
      throw error;
    }
    return this.views.get(actor, id, now);
  }

  private async requireWeekFree(
    em: EntityManager,
    unitId: string,
    year: number,
    week: number,
  ): Promise<void> {
    const [taken]: { id: string }[] = await em.query(
      'SELECT id FROM briefings WHERE unit_id = $1 AND iso_year = $2 AND iso_week = $3',
      [unitId, year, week],
    );
    if (taken)
      throw new AppError('briefing/week_taken', { briefingId: taken.id, week: weekLabel({ year, week }) });
  }

  /** The units directly below, active: all of them by default, or those named (in name order). */
  private async reportingUnits(
    em: EntityManager,
    unitId: string,
    named: string[] | undefined,
  ): Promise<string[]> {
    const candidates =
      named ??
      (await this.tree.subtree(unitId, 1, em)).filter((u) => u.depth === 1 && u.active).map((u) => u.id);
    // Siblings all: units() answers them by name, then id.
    const rows = await this.tree.units(candidates, em);
    if (named) {
      const wrong = named.find((id) => {
        const unit = rows.find((r) => r.id === id);
        return !unit || unit.parentId !== unitId || !unit.active;
      });
      if (wrong) throw new AppError('briefing/reporter_outside_unit', { unitId: wrong });
    }
    return rows.map((r) => r.id);
  }

  /** Named people must hold a position in the unit, with an enabled account. */
  private async reportingPeople(em: EntityManager, unitId: string, named: string[]): Promise<string[]> {
    if (named.length === 0) return [];
    const holders = new Set(
      (await this.people.positionHolders([unitId], { enabledOnly: true }, em)).map((h) => h.userId),
    );
    const wrong = named.find((id) => !holders.has(id));
    if (wrong) throw new AppError('briefing/reporter_outside_unit', { userId: wrong });
    return named;
  }
}
