import { Injectable } from '@nestjs/common';
import { CommandContext, CommandRunner } from '@lt/commands';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor } from '@lt/access';
import { AppError } from '@lt/common';
import { OrgTreeService } from '@lt/org';
import { DataSource } from 'typeorm';
import { rootGrants } from './ranking-access';
import { rankMonth } from './ranking-figures';
import { monthDate, monthStatus, monthsToClose } from './ranking-month';
import { RankingRuleSets } from './ranking-rule-sets';

export interface StoredMonth {
  month: string;
  ruleSet: { id: string; version: number };
  computedAt: string;
  /** Rows stored: units and people that had a task due or a discipline case. */
  units: number;
  people: number;
}

/**
 * Closes a month: grades every unit and person with the rules in force and stores the rows
 * with the month's marker in one transaction. The marker (ranking_months) is inserted first
 * with ON CONFLICT DO NOTHING, so a second worker, or a leader asking at the same moment,
 * waits for the first transaction and then finds the month stored: it is computed once and
 * never again, whatever the rules become later.
 */
@Injectable()
export class MonthlyRanking {
  constructor(
    private readonly commands: CommandRunner,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ruleSets: RankingRuleSets,
    private readonly tree: OrgTreeService,
  ) {}

  /**
   * The worker's rule: once a month has ended, store it (the month before `now`) — and any
   * month ended since the last one stored that no worker closed (the workers were down at the
   * turn of the month), oldest first. Returns the last month stored by this pass.
   */
  async closeEndedMonth(now: Date): Promise<StoredMonth | null> {
    const [{ latest }]: { latest: string | null }[] = await this.dataSource.query(
      `SELECT to_char(max(month), 'YYYY-MM') AS latest FROM ranking_months`,
    );
    let stored: StoredMonth | null = null;
    for (const month of monthsToClose(latest, now)) {
      const done: unknown[] = await this.dataSource.query('SELECT 1 FROM ranking_months WHERE month = $1', [
        monthDate(month),
      ]);
      if (done.length > 0) continue;
      stored =
        (await this.commands.change('ranking.close_month', null, (context) =>
          this.store(context, month, now, null, null),
        )) ?? stored;
    }
    return stored;
  }

  /** On demand: a leader of a root unit, or its admin (ranking.configure), stores an ended month. */
  async compute(actor: Actor, month: string, now = new Date()): Promise<StoredMonth> {
    if (monthStatus(month, now) !== 'ended') throw new AppError('ranking/month_not_ended', { month });
    return this.commands.change('ranking.compute', actor, async (context) => {
      const [grant] = await rootGrants(this.tree, context.em, actor, {
        permission: 'ranking.configure',
        leaders: true,
      });
      if (!grant) throw new AppError('access/forbidden', { permission: 'ranking.configure', unit: 'root' });
      const stored = await this.store(context, month, now, actor, grant.unitId);
      if (!stored) throw new AppError('ranking/month_already_computed', { month });
      return stored;
    });
  }

  private async store(
    context: CommandContext,
    month: string,
    now: Date,
    actor: Actor | null,
    actingUnitId: string | null,
  ): Promise<StoredMonth | null> {
    const { em } = context;
    const ruleSet = await this.ruleSets.current(em);
    const claimed: unknown[] = await em.query(
      `INSERT INTO ranking_months (month, rule_set_id, computed_at, computed_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (month) DO NOTHING RETURNING month`,
      [monthDate(month), ruleSet.id, now, actor?.principal.userId ?? null],
    );
    if (claimed.length === 0) return null;
    const rows = await rankMonth(em, month, ruleSet.rules, now);
    if (rows.length > 0)
      await em.query(
        `INSERT INTO monthly_rankings (month, subject_type, subject_id, unit_id, counted, on_time, late,
                                       file_on_time, file_late, discipline_cases, on_time_rate, grade,
                                       rule_set_id, computed_at)
         SELECT $1, r.subject_type, r.subject_id, r.unit_id, r.counted, r.on_time, r.late, r.file_on_time,
                r.file_late, r.cases, r.rate, r.grade, $2, $3
           FROM unnest($4::varchar[], $5::uuid[], $6::uuid[], $7::int[], $8::int[], $9::int[], $10::int[],
                       $11::numeric[], $12::varchar[], $13::int[], $14::int[])
             AS r(subject_type, subject_id, unit_id, counted, on_time, late, cases, rate, grade,
                  file_on_time, file_late)`,
        [
          monthDate(month),
          ruleSet.id,
          now,
          rows.map((r) => r.subjectType),
          rows.map((r) => r.subjectId),
          rows.map((r) => r.unitId),
          rows.map((r) => r.counted),
          rows.map((r) => r.onTime),
          rows.map((r) => r.late),
          rows.map((r) => r.disciplineCases),
          rows.map((r) => r.onTimeRate),
          rows.map((r) => r.grade),
          rows.map((r) => r.fileOnTime),
          rows.map((r) => r.fileLate),
        ],
      );
    const result: StoredMonth = {
      month,
      ruleSet: { id: ruleSet.id, version: ruleSet.version },
      computedAt: now.toISOString(),
      units: rows.filter((r) => r.subjectType === 'unit').length,
      people: rows.filter((r) => r.subjectType === 'user').length,
    };
    await context.audit({
      actor,
      actingUnitId,
      action: 'ranking.month.compute',
      subjectType: 'ranking_month',
      subjectId: monthDate(month),
      after: { ...result },
    });
    return result;
  }
}
