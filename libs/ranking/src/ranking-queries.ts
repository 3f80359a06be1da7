import { Injectable } from '@nestjs/common';
import { InjectReadDataSource } from '@lt/database';
import { AccessService, Actor, roleGrants } from '@lt/access';
import { AppError } from '@lt/common';
import { OrgTreeService } from '@lt/org';
import { PeopleService } from '@lt/people';
import { DataSource, EntityManager } from 'typeorm';
import { RankingMonthEntity, RankingRuleSetEntity } from './ranking.entity';
import { RankedFigures, rankMonth } from './ranking-figures';
import { monthDate, monthStatus, vietnamMonthOf } from './ranking-month';
import { RankingRuleSets } from './ranking-rule-sets';
import { DeadlineBasis, Grade, GRADE_NAMES, NO_GRADE_NAME, withDefaults } from './ranking-rules';
import type { RankingQuery } from './ranking.dto';

export interface RankingFiguresView {
  /** Tasks judged in the month: onTime + late. */
  counted: number;
  onTime: number;
  late: number;
  /** Due later this month and not yet submitted; always 0 once the month is closed. */
  pending: number;
  /** Citizens' files the unit received whose appointment fell in the month (units only). */
  citizenFiles: { counted: number; onTime: number; late: number; pending: number };
  /** Of tasks and files alike. */
  disciplineCases: number;
  /** Tasks and files on time over those judged, files weighted by the rule set; 4 decimals. */
  onTimeRate: number | null;
  /** null: nothing was due and no discipline case. */
  grade: Grade | null;
  gradeName: { vi: string; en: string };
}

export interface UnitRankingView extends RankingFiguresView {
  unit: { id: string; name: string; kind: string; parentId: string | null };
}

export interface StaffRankingView extends RankingFiguresView {
  user: { id: string; fullName: string };
  unit: { id: string; name: string };
}

export interface RankingView {
  month: string;
  /** The current month, computed for this answer and not stored: it may still change. */
  provisional: boolean;
  computedAt: string;
  ruleSet: { id: string; version: number; deadlineBasis: DeadlineBasis; citizenFileWeight: number };
  /** Every unit of your reach, those with nothing due included. */
  units: UnitRankingView[];
  /** People of those units who led a task due in the month or had a discipline case. */
  staff: StaffRankingView[];
}

type Row = Pick<
  RankedFigures,
  | 'subjectType'
  | 'subjectId'
  | 'unitId'
  | 'counted'
  | 'onTime'
  | 'late'
  | 'pending'
  | 'fileOnTime'
  | 'fileLate'
  | 'filePending'
  | 'disciplineCases'
> & { onTimeRate: number | null; grade: Grade | null };

const ruleSetHead = (set: RankingRuleSetEntity): RankingView['ruleSet'] => {
  const rules = withDefaults(set.rules);
  return {
    id: set.id,
    version: set.version,
    deadlineBasis: rules.deadlineBasis,
    citizenFileWeight: rules.citizenFileWeight,
  };
};

const round4 = (rate: number | null) => (rate === null ? null : Math.round(rate * 10_000) / 10_000);

function figures(row: Row | undefined): RankingFiguresView {
  const grade = row?.grade ?? null;
  return {
    counted: row?.counted ?? 0,
    onTime: row?.onTime ?? 0,
    late: row?.late ?? 0,
    pending: row?.pending ?? 0,
    citizenFiles: {
      counted: (row?.fileOnTime ?? 0) + (row?.fileLate ?? 0),
      onTime: row?.fileOnTime ?? 0,
      late: row?.fileLate ?? 0,
      pending: row?.filePending ?? 0,
    },
    disciplineCases: row?.disciplineCases ?? 0,
    onTimeRate: round4(row?.onTimeRate ?? null),
    grade,
    gradeName: grade ? GRADE_NAMES[grade] : NO_GRADE_NAME,
  };
}

/**
 * The monthly ranking as a leader sees it: the units of their subtree (or of `unitId`, one of
 * them) and the people of those units. A closed month comes from what was stored; the
 * current month is computed for the answer with the rules in force, flagged provisional.
 * Everyone also sees their own row.
 */
@Injectable()
export class RankingQueries {
  constructor(
    @InjectReadDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly ruleSets: RankingRuleSets,
    private readonly tree: OrgTreeService,
    private readonly people: PeopleService,
  ) {}

  async view(actor: Actor, query: RankingQuery, now = new Date()): Promise<RankingView> {
    const em = this.dataSource.manager;
    const month = query.month ?? vietnamMonthOf(now);
    const status = monthStatus(month, now);
    if (status === 'future') throw new AppError('ranking/month_in_future', { month });
    const unitIds = await this.reach(em, actor, query.unitId);
    const own = query.unitId === undefined ? actor.principal.userId : null;

    let rows: Row[];
    let head: Omit<RankingView, 'units' | 'staff'>;
    if (status === 'ended') {
      const stored = await em.findOne(RankingMonthEntity, { where: { month: monthDate(month) } });
      if (!stored) throw new AppError('ranking/month_not_computed', { month });
      const ruleSet = await em.findOneByOrFail(RankingRuleSetEntity, { id: stored.ruleSetId });
      rows = await this.storedRows(em, month, unitIds, own);
      head = {
        month,
        provisional: false,
        computedAt: stored.computedAt.toISOString(),
        ruleSet: ruleSetHead(ruleSet),
      };
    } else {
      const ruleSet = await this.ruleSets.current(em);
      const inReach = new Set(unitIds);
      rows = (await rankMonth(em, month, ruleSet.rules, now)).filter(
        (r) => inReach.has(r.unitId) || (r.subjectType === 'user' && r.subjectId === own),
      );
      head = {
        month,
        provisional: true,
        computedAt: now.toISOString(),
        ruleSet: ruleSetHead(ruleSet),
      };
    }
    return { ...head, ...(await this.present(em, unitIds, rows)) };
  }

  /** The stored rows of a closed month for `unitIds` (and the actor's own row). */
  private async storedRows(
    em: EntityManager,
    month: string,
    unitIds: string[],
    own: string | null,
  ): Promise<Row[]> {
    const rows: (Omit<Row, 'onTimeRate'> & { onTimeRate: string | null })[] = await em.query(
      `SELECT subject_type AS "subjectType", subject_id AS "subjectId", unit_id AS "unitId", counted,
              on_time AS "onTime", late, 0 AS pending, file_on_time AS "fileOnTime", file_late AS "fileLate",
              0 AS "filePending", discipline_cases AS "disciplineCases",
              on_time_rate AS "onTimeRate", grade
         FROM monthly_rankings
        WHERE month = $1 AND (unit_id = ANY($2::uuid[]) OR (subject_type = 'user' AND subject_id = $3))`,
      [monthDate(month), unitIds, own],
    );
    return rows.map((r) => ({ ...r, onTimeRate: r.onTimeRate === null ? null : Number(r.onTimeRate) }));
  }

  /** The units whose rows the actor may read: the subtree of `unitId`, or of every unit they follow. */
  private async reach(em: EntityManager, actor: Actor, unitId?: string): Promise<string[]> {
    let roots: string[];
    if (unitId !== undefined) {
      await this.access.require(actor.principal, 'task.follow', unitId, em);
      roots = [unitId];
    } else {
      roots = actor.principal.positions
        .filter((p) => roleGrants(p.role, 'task.follow') === 'subtree')
        .map((p) => p.unitId);
    }
    return this.tree.subtreeIds(roots, em);
  }

  private async present(
    em: EntityManager,
    unitIds: string[],
    rows: Row[],
  ): Promise<Pick<RankingView, 'units' | 'staff'>> {
    const unitRows = new Map(rows.filter((r) => r.subjectType === 'unit').map((r) => [r.subjectId, r]));
    const staffRows = rows.filter((r) => r.subjectType === 'user');
    // Every unit of the reach, a deactivated one only if it had something that month; from the
    // top of the tree down (a stable sort of units() by depth), then by name and id.
    const units = (await this.tree.units(unitIds, em))
      .sort((a, b) => a.depth - b.depth)
      .filter((u) => u.active || unitRows.has(u.id))
      .map(({ id, name, kind, parentId }) => ({ id, name, kind, parentId }));
    const fullName = await this.people.namesOf(
      staffRows.map((r) => r.subjectId),
      em,
    );
    const unitName = new Map(
      (
        await this.tree.units(
          staffRows.map((r) => r.unitId),
          em,
        )
      ).map((u) => [u.id, u.name]),
    );
    return {
      units: units.map((unit) => ({ unit, ...figures(unitRows.get(unit.id)) })),
      staff: staffRows
        .map((r) => ({
          user: { id: r.subjectId, fullName: fullName.get(r.subjectId) ?? '' },
          unit: { id: r.unitId, name: unitName.get(r.unitId) ?? '' },
          ...figures(r),
        }))
        .sort(
          (a, b) =>
            a.unit.name.localeCompare(b.unit.name, 'vi') ||
            a.user.fullName.localeCompare(b.user.fullName, 'vi') ||
            a.user.id.localeCompare(b.user.id),
        ),
    };
  }
}
