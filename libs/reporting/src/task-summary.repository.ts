import { Injectable } from '@nestjs/common';
import { InjectReadDataSource } from '@lt/database';
import type { UnitKind } from '@lt/org';
import { DEADLINE_STATES } from '@lt/tasks';
import { DataSource } from 'typeorm';
import { monthKey, ReportPeriod } from './report-period';
import type { SummaryCategory, SummaryCounts, SummaryTaskItem } from './summary-figures';

const list = (states: readonly string[]) => `(${states.map((s) => `'${s}'`).join(', ')})`;
/** Assigned, accepted, in progress: the deadline runs. */
const RUNNING = list(DEADLINE_STATES);
const DONE = list(['submitted', 'completed']);

/**
 * The open tasks whose overdue status by the clock differs from the worker's record, with a
 * correction of +1 (past the deadline, lateness not recorded yet — the worker records it
 * within seconds) or −1 (recorded ahead of this clock). Each arm reads its own partial index
 * (tasks_overdue_unmarked_idx, tasks_overdue_marked_idx) over a deadline range that
 * {@link TaskSummaryRepository.driftRange} bounds: $4 is the query's instant (the app's clock,
 * as in the task lists), $5 and $6 the ends found there. With the ends as values the planner
 * sees how narrow the ranges are; `deadline <= now` alone looks like most of the table to it
 * (most tasks' deadlines have passed) and it would scan every task.
 */
const OVERDUE_DRIFT = `
    SELECT t.lead_unit_id, t.issued_at, 1 AS delta FROM tasks t
     WHERE t.state IN ${RUNNING} AND t.late_for_deadline IS DISTINCT FROM t.deadline
       AND t.deadline >= $5::timestamptz AND t.deadline <= $4::timestamptz
    UNION ALL
    SELECT t.lead_unit_id, t.issued_at, -1 FROM tasks t
     WHERE t.state IN ${RUNNING} AND t.late_for_deadline = t.deadline
       AND t.deadline > $4::timestamptz AND t.deadline <= $6::timestamptz`;

/** {@link OVERDUE_DRIFT} of the tasks issued in the months $2..$3, per lead unit. */
const DRIFT_BY_UNIT = `
    SELECT y.lead_unit_id, sum(y.delta) AS delta FROM (${OVERDUE_DRIFT}) y
     WHERE task_summary_month(y.issued_at) BETWEEN $2::date AND $3::date
     GROUP BY y.lead_unit_id`;

/**
 * The rolled-up counts of the units `unit_id <units>` for the months $2..$3, grouped by `key`:
 * the folded counter rows and the deltas not folded yet, added up.
 */
const COUNTED = (key: string, units: string) => `
    SELECT ${key}, sum(x.done_on_time) AS done_on_time, sum(x.done_late) AS done_late, sum(x.open) AS open,
           sum(x.open_marked) AS marked
      FROM (SELECT s.unit_id, s.month, s.done_on_time, s.done_late, s.open, s.open_marked
              FROM task_summary_stats s WHERE s.unit_id ${units} AND s.month BETWEEN $2::date AND $3::date
            UNION ALL
            SELECT d.unit_id, d.month, d.done_on_time, d.done_late, d.open, d.open_marked
              FROM task_summary_deltas d WHERE d.unit_id ${units} AND d.month BETWEEN $2::date AND $3::date) x
     GROUP BY ${key}`;

/** Which tasks each drill-down category lists, over the tasks row `t`: the same rules as the counters. */
const CATEGORY_WHERE: Record<SummaryCategory, (now: string) => string> = {
  done_on_time: () => `t.state IN ${DONE} AND t.submitted_at <= t.deadline`,
  done_late: () => `t.state IN ${DONE} AND (t.submitted_at <= t.deadline) IS NOT TRUE`,
  in_progress: (now) => `t.state IN ${RUNNING} AND t.deadline > ${now}`,
  overdue: (now) => `t.state IN ${RUNNING} AND t.deadline <= ${now}`,
};
const CATEGORY_ORDER: Record<SummaryCategory, string> = {
  overdue: 't.deadline, t.id',
  in_progress: 't.deadline, t.id',
  done_on_time: 't.submitted_at DESC, t.id',
  done_late: 't.submitted_at DESC NULLS LAST, t.id',
};

export interface UnitCountsRow extends SummaryCounts {
  id: string;
  name: string;
  kind: UnitKind;
  /** The unit asked for; the others are its children. */
  self: boolean;
}

interface RawCounts {
  doneOnTime: string;
  doneLate: string;
  open: string;
  overdue: string;
}

const counts = (r: RawCounts): SummaryCounts => ({
  doneOnTime: Number(r.doneOnTime),
  doneLate: Number(r.doneLate),
  open: Number(r.open),
  overdue: Number(r.overdue),
});

/**
 * The SQL of the task summary, one named query per screen. The table's figures come from the
 * rolled-up counters (`task_summary_stats` and its pending deltas: O(children × months),
 * however many tasks or units lie below) plus the overdue drift at the moment of the query;
 * a table's figures come from one statement, so they are one snapshot (a probe before it only
 * bounds the drift's deadline ranges). Lists of people and tasks read `tasks` for one unit
 * (or subtree) through `tasks_lead_unit_idx`.
 */
@Injectable()
export class TaskSummaryRepository {
  constructor(@InjectReadDataSource() private readonly dataSource: DataSource) {}

  async unit(id: string): Promise<{ id: string; name: string; kind: UnitKind } | null> {
    const [row]: { id: string; name: string; kind: UnitKind }[] = await this.dataSource.query(
      'SELECT id, name, kind FROM org_units WHERE id = $1',
      [id],
    );
    return row ?? null;
  }

  /** Of `unitIds`, the one nearest the root (fewest ancestors), then by name. */
  async highest(unitIds: string[]): Promise<string | null> {
    const [row]: { id: string }[] = await this.dataSource.query(
      `SELECT u.id FROM org_units u
        WHERE u.id = ANY($1::uuid[])
        ORDER BY (SELECT count(*) FROM org_unit_closure c WHERE c.descendant_id = u.id), u.name, u.id
        LIMIT 1`,
      [unitIds],
    );
    return row?.id ?? null;
  }

  /**
   * The deadline ranges {@link OVERDUE_DRIFT} reads, from the ends of its two partial indexes
   * (two index probes): unrecorded lateness from the earliest open unrecorded deadline (or
   * `now`, when none has passed) up to `now`; recorded lateness ahead of `now` up to the latest
   * recorded deadline. A deadline the app writes lies ahead of the moment it is written, so a
   * task that becomes unrecorded after this read falls in the range too.
   */
  private async driftRange(now: Date): Promise<[string, string | null]> {
    // As text: a Date would cut the database's microseconds, and with them the last deadline.
    const [row]: { from: string; until: string | null }[] = await this.dataSource.query(
      `SELECT LEAST((SELECT min(deadline) FROM tasks WHERE state IN ${RUNNING}
                       AND late_for_deadline IS DISTINCT FROM deadline), $1::timestamptz)::text AS "from",
              (SELECT max(deadline) FROM tasks WHERE state IN ${RUNNING} AND late_for_deadline = deadline)::text AS "until"`,
      [now],
    );
    return [row.from, row.until];
  }

  /**
   * The rolled-up counts of `unitId` (`self`) and of each of its direct children: every task
   * led in the unit's (or child's) subtree. Counter rows plus their pending deltas, corrected
   * for the overdue drift at `now`; children by name, the unit last.
   */
  async unitRows(unitId: string, period: ReportPeriod, now: Date): Promise<UnitCountsRow[]> {
    const rows: (RawCounts & { id: string; name: string; kind: UnitKind; self: boolean })[] =
      await this.dataSource.query(
        `WITH shown AS MATERIALIZED (
           SELECT id, name, kind, id = $1 AS self FROM org_units WHERE id = $1 OR parent_id = $1),
         counted AS (${COUNTED('x.unit_id', 'IN (SELECT id FROM shown)')}),
         drift AS (
           SELECT c.ancestor_id AS unit_id, sum(x.delta) AS delta
             FROM (${DRIFT_BY_UNIT}) x
             -- The ancestors of each unit with drift, by the closure's descendant index (OFFSET 0
             -- keeps this a probe per unit: the planner expects one such unit, there may be hundreds).
            CROSS JOIN LATERAL (
              SELECT c.ancestor_id FROM org_unit_closure c WHERE c.descendant_id = x.lead_unit_id OFFSET 0) c
            WHERE c.ancestor_id IN (SELECT id FROM shown)
            GROUP BY c.ancestor_id)
         SELECT u.id, u.name, u.kind, u.self,
                COALESCE(c.done_on_time, 0) AS "doneOnTime", COALESCE(c.done_late, 0) AS "doneLate",
                COALESCE(c.open, 0) AS open, COALESCE(c.marked, 0) + COALESCE(d.delta, 0) AS overdue
           FROM shown u
           LEFT JOIN counted c ON c.unit_id = u.id
           LEFT JOIN drift d ON d.unit_id = u.id
          ORDER BY u.self, u.name, u.id`,
        [unitId, monthKey(period.from), monthKey(period.to), now, ...(await this.driftRange(now))],
      );
    return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, self: r.self, ...counts(r) }));
  }

  /** The subtree of `unitId`, month by month from `from` to `to` (every month, zeros included). */
  async trend(
    unitId: string,
    from: string,
    to: string,
    now: Date,
  ): Promise<(SummaryCounts & { month: string })[]> {
    const rows: (RawCounts & { month: string })[] = await this.dataSource.query(
      `WITH counted AS (${COUNTED('x.month', '= $1')}),
       drift AS (
         SELECT task_summary_month(x.issued_at) AS month, sum(x.delta) AS delta
           FROM (${OVERDUE_DRIFT}) x
           JOIN org_unit_closure c ON c.descendant_id = x.lead_unit_id AND c.ancestor_id = $1
          WHERE task_summary_month(x.issued_at) BETWEEN $2::date AND $3::date
          GROUP BY 1)
       SELECT to_char(m, 'YYYY-MM') AS month,
              COALESCE(c.done_on_time, 0) AS "doneOnTime", COALESCE(c.done_late, 0) AS "doneLate",
              COALESCE(c.open, 0) AS open, COALESCE(c.marked, 0) + COALESCE(d.delta, 0) AS overdue
         FROM generate_series($2::date, $3::date, interval '1 month') AS m
         LEFT JOIN counted c ON c.month = m::date
         LEFT JOIN drift d ON d.month = m::date
        ORDER BY m`,
      [unitId, monthKey(from), monthKey(to), now, ...(await this.driftRange(now))],
    );
    return rows.map((r) => ({ month: r.month, ...counts(r) }));
  }

  /**
   * Per person, the tasks `unitId` leads through them (`lead_user_id`), and one row
   * (`userId` null) for those it leads as a unit. Everyone holding a position in the unit is
   * listed, with zeros when they lead nothing in the period.
   */
  async people(
    unitId: string,
    period: ReportPeriod,
    now: Date,
  ): Promise<(SummaryCounts & { userId: string | null; fullName: string | null })[]> {
    const rows: (RawCounts & { userId: string | null; fullName: string | null })[] =
      await this.dataSource.query(
        `WITH counted AS (
           SELECT t.lead_user_id,
                  count(*) FILTER (WHERE ${CATEGORY_WHERE.done_on_time('$4')}) AS done_on_time,
                  count(*) FILTER (WHERE ${CATEGORY_WHERE.done_late('$4')}) AS done_late,
                  count(*) FILTER (WHERE t.state IN ${RUNNING}) AS open,
                  count(*) FILTER (WHERE ${CATEGORY_WHERE.overdue('$4::timestamptz')}) AS overdue
             FROM tasks t
            WHERE t.lead_unit_id = $1 AND t.state IN ${list([...DEADLINE_STATES, 'submitted', 'completed'])}
              AND task_summary_month(t.issued_at) BETWEEN $2::date AND $3::date
            GROUP BY t.lead_user_id),
         people AS (
           SELECT user_id FROM positions WHERE unit_id = $1
           UNION SELECT lead_user_id FROM counted WHERE lead_user_id IS NOT NULL)
         SELECT p.user_id AS "userId", u.full_name AS "fullName",
                COALESCE(c.done_on_time, 0) AS "doneOnTime", COALESCE(c.done_late, 0) AS "doneLate",
                COALESCE(c.open, 0) AS open, COALESCE(c.overdue, 0) AS overdue
           FROM people p JOIN users u ON u.id = p.user_id
           LEFT JOIN counted c ON c.lead_user_id = p.user_id
         UNION ALL
         SELECT NULL, NULL, c.done_on_time, c.done_late, c.open, c.overdue FROM counted c
          WHERE c.lead_user_id IS NULL
         ORDER BY "fullName" NULLS LAST, "userId"`,
        [unitId, monthKey(period.from), monthKey(period.to), now],
      );
    return rows.map((r) => ({ userId: r.userId, fullName: r.fullName, ...counts(r) }));
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
    const units = subtree
      ? 'SELECT descendant_id FROM org_unit_closure WHERE ancestor_id = $1'
      : 'SELECT $1::uuid';
    const byClock = category === 'overdue' || category === 'in_progress';
    const rows: {
      id: string;
      title: string;
      state: string;
      deadline: Date;
      issuedAt: Date;
      submittedAt: Date | null;
      leadUnitId: string;
      leadUnitName: string;
      leadUserId: string | null;
      leadUserName: string | null;
      total: string;
    }[] = await this.dataSource.query(
      `SELECT t.id, t.title, t.state, t.deadline, t.issued_at AS "issuedAt", t.submitted_at AS "submittedAt",
              t.lead_unit_id AS "leadUnitId", lu.name AS "leadUnitName",
              t.lead_user_id AS "leadUserId", pu.full_name AS "leadUserName", count(*) OVER () AS total
         FROM tasks t
         JOIN org_units lu ON lu.id = t.lead_unit_id
         LEFT JOIN users pu ON pu.id = t.lead_user_id
        WHERE t.lead_unit_id = ANY(ARRAY(${units}))
          AND ($6::text IS NULL OR ($6 = 'none' AND t.lead_user_id IS NULL) OR t.lead_user_id::text = $6)
          AND ${CATEGORY_WHERE[category]('$7::timestamptz')}
          AND task_summary_month(t.issued_at) BETWEEN $2::date AND $3::date
        ORDER BY ${CATEGORY_ORDER[category]}
        LIMIT $4 OFFSET $5`,
      [
        unitId,
        monthKey(period.from),
        monthKey(period.to),
        pageSize,
        (page - 1) * pageSize,
        person,
        // Only the clock's categories read the instant.
        ...(byClock ? [now] : []),
      ],
    );
    return {
      total: rows.length > 0 ? Number(rows[0].total) : 0,
      items: rows.map((r) => ({
        id: r.id,
        title: r.title,
        state: r.state,
        lead: {
          unit: { id: r.leadUnitId, name: r.leadUnitName },
          user: r.leadUserId ? { id: r.leadUserId, fullName: r.leadUserName ?? '' } : null,
        },
        deadline: r.deadline.toISOString(),
        issuedAt: r.issuedAt.toISOString(),
        submittedAt: r.submittedAt?.toISOString() ?? null,
      })),
    };
  }
}
