import { Injectable } from '@nestjs/common';
import { InjectReadDataSource, readSnapshot } from '@lt/database';
import { OrgTreeService, UnitKind } from '@lt/org';
import { PeopleService } from '@lt/people';
import { IssueMonths, TaskCounts } from '@lt/tasks';
import { DataSource, EntityManager } from 'typeorm';
import { monthKey, ReportPeriod } from './report-period';
import { citizenFileCounts } from '@lt/one-stop';
import {
  addFileCounts,
  type CitizenFileCountsOf,
  NO_CITIZEN_FILES,
  type SummaryCategory,
  type SummaryCounts,
  type SummaryTaskItem,
} from './summary-figures';

/**
 * The rolled-up counts of the units `unit_id = ANY($1)` for the months $2..$3, grouped by
 * `key`: the folded counter rows and the deltas not folded yet, added up.
 */
const COUNTED = (key: string) => `
    SELECT ${key}, sum(x.done_on_time) AS done_on_time, sum(x.done_late) AS done_late, sum(x.open) AS open,
           sum(x.open_marked) AS marked
      FROM (SELECT s.unit_id, s.month, s.done_on_time, s.done_late, s.open, s.open_marked
              FROM task_summary_stats s WHERE s.unit_id = ANY($1::uuid[]) AND s.month BETWEEN $2::date AND $3::date
            UNION ALL
            SELECT d.unit_id, d.month, d.done_on_time, d.done_late, d.open, d.open_marked
              FROM task_summary_deltas d WHERE d.unit_id = ANY($1::uuid[]) AND d.month BETWEEN $2::date AND $3::date) x
     GROUP BY ${key}`;

export interface UnitCountsRow extends SummaryCounts {
  id: string;
  name: string;
  kind: UnitKind;
  /** The unit asked for; the others are its children. */
  self: boolean;
  /** The files its counters (and those below) received. */
  citizenFiles: CitizenFileCountsOf;
}

/** Counter rows as read: `marked` is the open tasks whose lateness the worker recorded. */
interface CountedRow {
  doneOnTime: string;
  doneLate: string;
  open: string;
  marked: string;
}

/**
 * The counts of a counter row corrected by the overdue drift (TaskCounts.overdueDrift), with
 * the times urged (TaskCounts.urged) read beside it.
 */
const corrected = (r: CountedRow | undefined, drift: number, urged: number): SummaryCounts => ({
  doneOnTime: Number(r?.doneOnTime ?? 0),
  doneLate: Number(r?.doneLate ?? 0),
  open: Number(r?.open ?? 0),
  overdue: Number(r?.marked ?? 0) + drift,
  urged,
});

const monthsOf = (period: { from: string; to: string }): IssueMonths => ({
  from: monthKey(period.from),
  to: monthKey(period.to),
});

/**
 * The reads of the task summary, one named method per screen. The table's figures come from
 * the rolled-up counters (`task_summary_stats` and its pending deltas: O(children × months),
 * however many tasks or units lie below) plus the overdue drift at the moment of the query
 * (TaskCounts); a table's figures are read in one repeatable-read transaction, so they are one
 * snapshot. Units and their tree come from OrgTreeService, people from PeopleService, and
 * lists of people and tasks from TaskCounts (`tasks` for one unit or subtree, through
 * `tasks_lead_unit_idx`) — all on the read connection.
 */
@Injectable()
export class TaskSummaryRepository {
  constructor(
    @InjectReadDataSource() private readonly dataSource: DataSource,
    private readonly tree: OrgTreeService,
    private readonly peopleService: PeopleService,
    private readonly counts: TaskCounts,
  ) {}

  async unit(id: string): Promise<{ id: string; name: string; kind: UnitKind } | null> {
    const [unit] = await this.tree.units([id], this.dataSource.manager);
    return unit ? { id: unit.id, name: unit.name, kind: unit.kind } : null;
  }

  /** Of `unitIds`, the one nearest the root (fewest ancestors), then by name. */
  async highest(unitIds: string[]): Promise<string | null> {
    // By name (and id) from the tree; a stable sort keeps that order within a depth.
    const units = (await this.tree.units(unitIds, this.dataSource.manager)).sort((a, b) => a.depth - b.depth);
    return units[0]?.id ?? null;
  }

  /**
   * The rolled-up counts of `unitId` (`self`) and of each of its direct children: every task
   * led in the unit's (or child's) subtree. Counter rows plus their pending deltas, corrected
   * for the overdue drift at `now`; children by name, the unit last.
   */
  async unitRows(unitId: string, period: ReportPeriod, now: Date): Promise<UnitCountsRow[]> {
    const months = monthsOf(period);
    return this.snapshot(async (em) => {
      const shown = await this.tree.subtree(unitId, 1, em);
      const ids = shown.map((u) => u.id);
      // The citizens' files of every counter below, rolled up to the shown units.
      const fileCounts = await citizenFileCounts(em, {
        unitIds: await this.tree.subtreeIds([unitId], em),
        since: period.start,
        until: period.end,
        now,
      });
      const filesOf = new Map<string, CitizenFileCountsOf>();
      for (const p of await this.tree.ancestryPairs(
        ids,
        fileCounts.map((c) => c.unitId),
        em,
      )) {
        const c = fileCounts.find((x) => x.unitId === p.unitId)!;
        filesOf.set(p.ancestorId, addFileCounts(filesOf.get(p.ancestorId) ?? NO_CITIZEN_FILES, c));
      }
      const counted: (CountedRow & { unitId: string })[] = await em.query(
        `SELECT c.unit_id AS "unitId", c.done_on_time AS "doneOnTime", c.done_late AS "doneLate", c.open, c.marked
           FROM (${COUNTED('x.unit_id')}) c`,
        [ids, months.from, months.to],
      );
      // The drift of each lead unit counts for every shown unit at or above it.
      const drift = await this.counts.overdueDrift(em, months, now);
      const urged = await this.counts.urged(em, months);
      const pairs = await this.tree.ancestryPairs(
        ids,
        [...new Set([...drift, ...urged].map((d) => d.leadUnitId))],
        em,
      );
      const driftOf = new Map<string, number>();
      for (const d of drift) driftOf.set(d.leadUnitId, (driftOf.get(d.leadUnitId) ?? 0) + d.delta);
      const urgedOf = new Map<string, number>();
      for (const u of urged) urgedOf.set(u.leadUnitId, (urgedOf.get(u.leadUnitId) ?? 0) + u.urged);
      const rolledUp = new Map<string, number>();
      const urgedBelow = new Map<string, number>();
      for (const p of pairs) {
        rolledUp.set(p.ancestorId, (rolledUp.get(p.ancestorId) ?? 0) + (driftOf.get(p.unitId) ?? 0));
        urgedBelow.set(p.ancestorId, (urgedBelow.get(p.ancestorId) ?? 0) + (urgedOf.get(p.unitId) ?? 0));
      }
      const byUnit = new Map(counted.map((c) => [c.unitId, c]));
      // The children in the tree's order (by name), ties by id; the unit last.
      const children = shown
        .filter((u) => u.id !== unitId)
        .sort((a, b) => (a.name === b.name ? (a.id < b.id ? -1 : 1) : 0));
      return [...children, ...shown.filter((u) => u.id === unitId)].map((u) => ({
        id: u.id,
        name: u.name,
        kind: u.kind,
        self: u.id === unitId,
        ...corrected(byUnit.get(u.id), rolledUp.get(u.id) ?? 0, urgedBelow.get(u.id) ?? 0),
        citizenFiles: filesOf.get(u.id) ?? NO_CITIZEN_FILES,
      }));
    });
  }

  /** The subtree of `unitId`, month by month from `from` to `to` (every month, zeros included). */
  async trend(
    unitId: string,
    from: string,
    to: string,
    now: Date,
  ): Promise<(SummaryCounts & { month: string })[]> {
    const months = monthsOf({ from, to });
    return this.snapshot(async (em) => {
      const counted: (CountedRow & { month: string })[] = await em.query(
        `SELECT to_char(m, 'YYYY-MM') AS month, c.done_on_time AS "doneOnTime", c.done_late AS "doneLate",
                c.open, c.marked
           FROM generate_series($2::date, $3::date, interval '1 month') AS m
           LEFT JOIN (${COUNTED('x.month')}) c ON c.month = m::date
          ORDER BY m`,
        [[unitId], months.from, months.to],
      );
      // The drift of the lead units in the subtree, month by month.
      const drift = await this.counts.overdueDrift(em, months, now);
      const urged = await this.counts.urged(em, months);
      const inside = new Set(
        (
          await this.tree.ancestryPairs(
            [unitId],
            [...new Set([...drift, ...urged].map((d) => d.leadUnitId))],
            em,
          )
        ).map((p) => p.unitId),
      );
      const driftOf = new Map<string, number>();
      for (const d of drift)
        if (inside.has(d.leadUnitId)) driftOf.set(d.month, (driftOf.get(d.month) ?? 0) + d.delta);
      const urgedOf = new Map<string, number>();
      for (const u of urged)
        if (inside.has(u.leadUnitId)) urgedOf.set(u.month, (urgedOf.get(u.month) ?? 0) + u.urged);
      return counted.map((c) => ({
        month: c.month,
        ...corrected(c, driftOf.get(c.month) ?? 0, urgedOf.get(c.month) ?? 0),
      }));
    });
  }

  /**
   * Per person, the tasks `unitId` leads through them (`lead_user_id`), and one row
   * (`userId` null) for those it leads as a unit. Everyone holding a position in the unit is
   * listed, with zeros when they lead nothing in the period; by name, the unit's row last.
   */
  async people(
    unitId: string,
    period: ReportPeriod,
    now: Date,
  ): Promise<(SummaryCounts & { userId: string | null; fullName: string | null })[]> {
    const em = this.dataSource.manager;
    const counted = await this.counts.byLeadPerson(em, unitId, monthsOf(period), now);
    const members = await this.peopleService.positionHolders([unitId], {}, em);
    const names = await this.peopleService.namesOf(
      [...members.map((m) => m.userId), ...counted.flatMap((c) => (c.leadUserId ? [c.leadUserId] : []))],
      em,
    );
    const zero: SummaryCounts = { doneOnTime: 0, doneLate: 0, open: 0, overdue: 0, urged: 0 };
    const countsOf = (userId: string | null): SummaryCounts => {
      const { leadUserId: _leadUserId, ...c } = counted.find((r) => r.leadUserId === userId) ?? {
        leadUserId: null,
        ...zero,
      };
      return c;
    };
    const asUnit = counted.some((c) => c.leadUserId === null)
      ? [{ userId: null, fullName: null, ...countsOf(null) }]
      : [];
    return [
      ...[...names].map(([userId, fullName]) => ({ userId, fullName, ...countsOf(userId) })),
      ...asUnit,
    ];
  }

  /**
   * One page of the tasks behind a figure: led by `unitId` (or anywhere in its subtree); with
   * `person`, only those the unit leads through that person ('none': as a unit).
   */
  async tasks(
    unitId: string,
    subtree: boolean,
    category: SummaryCategory,
    period: ReportPeriod,
    now: Date,
    page: number,
    pageSize: number,
    person: string | null = null,
  ): Promise<{ items: SummaryTaskItem[]; total: number }> {
    const em = this.dataSource.manager;
    const units = subtree ? (await this.tree.subtree(unitId, undefined, em)).map((u) => u.id) : [unitId];
    const { items, total } = await this.counts.page(em, units, category, monthsOf(period), now, {
      page,
      pageSize,
      person,
    });
    const unitNames = new Map(
      (
        await this.tree.units(
          items.map((r) => r.leadUnitId),
          em,
        )
      ).map((u) => [u.id, u.name]),
    );
    const userNames = await this.peopleService.namesOf(
      items.flatMap((r) => (r.leadUserId ? [r.leadUserId] : [])),
      em,
    );
    return {
      total,
      items: items.map((r) => ({
        id: r.id,
        title: r.title,
        state: r.state,
        lead: {
          unit: { id: r.leadUnitId, name: unitNames.get(r.leadUnitId) ?? '' },
          user: r.leadUserId ? { id: r.leadUserId, fullName: userNames.get(r.leadUserId) ?? '' } : null,
        },
        deadline: r.deadline.toISOString(),
        issuedAt: r.issuedAt.toISOString(),
        submittedAt: r.submittedAt?.toISOString() ?? null,
      })),
    };
  }

  /**
   * Runs `read` in one repeatable-read transaction on the read connection: the counters, the
   * tree and the tasks' drift are read by three libraries' queries, and a table's figures must
   * be one snapshot (a task's lateness recorded between two of them would count twice or not
   * at all).
   */
  private snapshot<T>(read: (em: EntityManager) => Promise<T>): Promise<T> {
    return readSnapshot(this.dataSource, read);
  }
}
