import { Injectable } from '@nestjs/common';
import { AccessService, Actor, roleGrants } from '@lt/access';
import { AppError, pageOf } from '@lt/common';
import { addMonths, ReportPeriod, resolvePeriod, vietnamMonth } from './report-period';
import { SummaryQuery, SummaryTasksQuery, TrendQuery } from './reporting.dto';
import {
  addCounts,
  addFileCounts,
  citizenFileFigures,
  PeopleReport,
  SummaryPeriod,
  SummaryReport,
  SummaryCounts,
  SummaryRow,
  summaryFigures,
  SummaryTaskPage,
  TrendReport,
  UnitRef,
} from './summary-figures';
import { TaskSummaryRepository } from './task-summary.repository';

const periodView = (p: ReportPeriod): SummaryPeriod => ({
  from: p.from,
  to: p.to,
  start: p.start.toISOString(),
  end: p.end.toISOString(),
});

/**
 * The task summary table and its drill-downs, for those who follow a unit's tasks
 * (`task.follow`: its leaders and deputies, and those above). A viewer reads only units in
 * their reach; by default the highest unit they lead. Every figure is exact at
 * `generatedAt`, the instant overdue is judged against.
 */
@Injectable()
export class TaskSummaryService {
  constructor(
    private readonly access: AccessService,
    private readonly repository: TaskSummaryRepository,
  ) {}

  async summary(actor: Actor, query: SummaryQuery, now = new Date()): Promise<SummaryReport> {
    const period = resolvePeriod(query.from, query.to, now);
    const unitId = await this.followedUnitId(actor, query.unitId);
    const counted = await this.repository.unitRows(unitId, period, now);
    const self = counted.find((r) => r.self);
    if (!self) throw new AppError('access/forbidden', { permission: 'task.follow', unitId });
    const children = counted.filter((r) => !r.self);
    // The unit's own tasks (trực tiếp): its subtree less its children's.
    const below = addCounts(children);
    const own: SummaryCounts = {
      doneOnTime: self.doneOnTime - below.doneOnTime,
      doneLate: self.doneLate - below.doneLate,
      open: self.open - below.open,
      overdue: self.overdue - below.overdue,
      urged: self.urged - below.urged,
    };
    const ownFiles = children.reduce((left, r) => addFileCounts(left, r.citizenFiles, -1), self.citizenFiles);
    const unit: UnitRef = { id: self.id, name: self.name, kind: self.kind };
    const rows: SummaryRow[] = [
      ...children.map((r) => ({
        unit: { id: r.id, name: r.name, kind: r.kind },
        scope: 'subtree' as const,
        ...summaryFigures(r),
        citizenFiles: citizenFileFigures(r.citizenFiles),
      })),
      { unit, scope: 'unit', ...summaryFigures(own), citizenFiles: citizenFileFigures(ownFiles) },
    ];
    return {
      unit,
      period: periodView(period),
      generatedAt: now.toISOString(),
      total: {
        unit,
        scope: 'subtree',
        ...summaryFigures(self),
        citizenFiles: citizenFileFigures(self.citizenFiles),
      },
      rows,
    };
  }

  async people(actor: Actor, query: SummaryQuery, now = new Date()): Promise<PeopleReport> {
    const period = resolvePeriod(query.from, query.to, now);
    const unit = await this.followedUnit(actor, query.unitId);
    const rows = await this.repository.people(unit.id, period, now);
    return {
      unit,
      period: periodView(period),
      generatedAt: now.toISOString(),
      rows: rows.map((r) => ({
        person: r.userId ? { id: r.userId, fullName: r.fullName ?? '' } : null,
        ...summaryFigures(r),
      })),
    };
  }

  async tasks(actor: Actor, query: SummaryTasksQuery, now = new Date()): Promise<SummaryTaskPage> {
    const period = resolvePeriod(query.from, query.to, now);
    const unit = await this.followedUnit(actor, query.unitId);
    // A person's tasks are those the unit itself leads through them.
    const subtree = query.person ? false : (query.subtree ?? true);
    const { page, pageSize } = pageOf(query);
    const { items, total } = await this.repository.tasks(
      unit.id,
      subtree,
      query.category,
      period,
      now,
      page,
      pageSize,
      query.person ?? null,
    );
    return {
      unit,
      category: query.category,
      subtree,
      period: periodView(period),
      generatedAt: now.toISOString(),
      items,
      total,
      page,
      pageSize,
    };
  }

  async trend(actor: Actor, query: TrendQuery, now = new Date()): Promise<TrendReport> {
    const to = query.to ?? vietnamMonth(now);
    const from = addMonths(to, -((query.months ?? 12) - 1));
    resolvePeriod(from, to, now);
    const unit = await this.followedUnit(actor, query.unitId);
    const months = await this.repository.trend(unit.id, from, to, now);
    return {
      unit,
      generatedAt: now.toISOString(),
      months: months.map((m) => ({ month: m.month, ...summaryFigures(m) })),
    };
  }

  /**
   * The unit asked for, if the viewer follows its tasks (403 `access/forbidden` otherwise, for
   * a unit that does not exist too); without one, the highest unit the viewer leads.
   */
  private async followedUnitId(actor: Actor, unitId: string | undefined): Promise<string> {
    const { principal } = actor;
    if (unitId !== undefined) {
      await this.access.require(principal, 'task.follow', unitId);
      return unitId;
    }
    const led = principal.positions.filter((p) => roleGrants(p.role, 'task.follow')).map((p) => p.unitId);
    const highest = await this.repository.highest(led);
    if (highest === null) throw new AppError('access/forbidden', { permission: 'task.follow' });
    return highest;
  }

  private async followedUnit(actor: Actor, unitId: string | undefined): Promise<UnitRef> {
    const id = await this.followedUnitId(actor, unitId);
    const unit = await this.repository.unit(id);
    if (!unit) throw new AppError('access/forbidden', { permission: 'task.follow', unitId: id });
    return unit;
  }
}
