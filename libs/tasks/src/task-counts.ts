import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DEADLINE_STATES } from './task-state-machine';

const list = (states: readonly string[]) => `(${states.map((s) => `'${s}'`).join(', ')})`;
/** Assigned, accepted, in progress: the deadline runs. */
const RUNNING = list(DEADLINE_STATES);
const DONE = list(['submitted', 'completed']);

/** Where a task stands against its deadline (the task summary's columns, docs/reporting.md). */
export const TASK_OUTCOMES = ['overdue', 'in_progress', 'done_on_time', 'done_late'] as const;
export type TaskOutcome = (typeof TASK_OUTCOMES)[number];

/** Tasks counted by outcome: `open` is everything not done, `overdue` part of it. */
export interface TaskOutcomeCounts {
  doneOnTime: number;
  doneLate: number;
  open: number;
  overdue: number;
  /** How many times these tasks were urged (đôn đốc), all together. */
  urged: number;
}

/** The states the summary counts: not cancelled, not returned. */
const COUNTED = list([...DEADLINE_STATES, 'submitted', 'completed']);

/** The months of issue counted (first days, 'YYYY-MM-01', Vietnam time: `task_summary_month`). */
export interface IssueMonths {
  from: string;
  to: string;
}

/** A task as a drill-down lists it: the names are the caller's to add. */
export interface OutcomeTaskRow {
  id: string;
  title: string;
  state: string;
  deadline: Date;
  issuedAt: Date;
  submittedAt: Date | null;
  leadUnitId: string;
  leadUserId: string | null;
}

/** Which tasks each outcome holds, over the tasks row `t`: the same rules as the summary's counters. */
const OUTCOME_WHERE: Record<TaskOutcome, (now: string) => string> = {
  done_on_time: () => `t.state IN ${DONE} AND t.submitted_at <= t.deadline`,
  done_late: () => `t.state IN ${DONE} AND (t.submitted_at <= t.deadline) IS NOT TRUE`,
  in_progress: (now) => `t.state IN ${RUNNING} AND t.deadline > ${now}`,
  overdue: (now) => `t.state IN ${RUNNING} AND t.deadline <= ${now}`,
};
const OUTCOME_ORDER: Record<TaskOutcome, string> = {
  overdue: 't.deadline, t.id',
  in_progress: 't.deadline, t.id',
  done_on_time: 't.submitted_at DESC, t.id',
  done_late: 't.submitted_at DESC NULLS LAST, t.id',
};

interface RawCounts {
  doneOnTime: string;
  doneLate: string;
  open: string;
  overdue: string;
  urged: string;
}

const counts = (r: RawCounts): TaskOutcomeCounts => ({
  doneOnTime: Number(r.doneOnTime),
  doneLate: Number(r.doneLate),
  open: Number(r.open),
  overdue: Number(r.overdue),
  urged: Number(r.urged),
});

/**
 * Counting tasks by outcome, for the task summary (libs/reporting), which keeps rolled-up
 * counters of what does not change with the clock and asks here for the rest. Reads go to
 * the `em` given (the summary reads a replica); each read is one statement through the
 * tasks indexes named below.
 */
@Injectable()
export class TaskCounts {
  /**
   * Per lead unit and month of issue in `months`, the open tasks whose overdue status by the
   * clock at `now` differs from the worker's record: +1 each past the deadline with lateness
   * not recorded yet (the worker records it within seconds), −1 each recorded ahead of this
   * clock. Each arm reads its own partial index (tasks_overdue_unmarked_idx,
   * tasks_overdue_marked_idx) over a deadline range {@link driftRange} bounds first: with the
   * ends as values the planner sees how narrow the ranges are; `deadline <= now` alone looks
   * like most of the table to it (most tasks' deadlines have passed) and it would scan every
   * task.
   */
  async overdueDrift(
    em: EntityManager,
    months: IssueMonths,
    now: Date,
  ): Promise<{ leadUnitId: string; month: string; delta: number }[]> {
    const rows: { leadUnitId: string; month: string; delta: string }[] = await em.query(
      `SELECT y.lead_unit_id AS "leadUnitId", to_char(y.month, 'YYYY-MM') AS month, sum(y.delta) AS delta
         FROM (SELECT t.lead_unit_id, task_summary_month(t.issued_at) AS month, 1 AS delta FROM tasks t
                WHERE t.state IN ${RUNNING} AND t.late_for_deadline IS DISTINCT FROM t.deadline
                  AND t.deadline >= $4::timestamptz AND t.deadline <= $3::timestamptz
               UNION ALL
               SELECT t.lead_unit_id, task_summary_month(t.issued_at), -1 FROM tasks t
                WHERE t.state IN ${RUNNING} AND t.late_for_deadline = t.deadline
                  AND t.deadline > $3::timestamptz AND t.deadline <= $5::timestamptz) y
        WHERE y.month BETWEEN $1::date AND $2::date
        GROUP BY y.lead_unit_id, y.month`,
      [months.from, months.to, now, ...(await this.driftRange(em, now))],
    );
    return rows.map((r) => ({ leadUnitId: r.leadUnitId, month: r.month, delta: Number(r.delta) }));
  }

  /**
   * Per lead unit and month of issue in `months`, how many times its counted tasks were urged
   * (đôn đốc). Read at the moment of the query through `tasks_urged_idx`, which holds only the
   * tasks ever urged: a small part of all tasks, so this stays cheap without counters of its own.
   */
  async urged(
    em: EntityManager,
    months: IssueMonths,
  ): Promise<{ leadUnitId: string; month: string; urged: number }[]> {
    const rows: { leadUnitId: string; month: string; urged: string }[] = await em.query(
      `SELECT t.lead_unit_id AS "leadUnitId", to_char(task_summary_month(t.issued_at), 'YYYY-MM') AS month,
              sum(t.urged_count) AS urged
         FROM tasks t
        WHERE t.urged_count > 0 AND t.state IN ${COUNTED}
          AND t.issued_at >= ($1::date - interval '1 day') AND t.issued_at < ($2::date + interval '1 month 1 day')
          AND task_summary_month(t.issued_at) BETWEEN $1::date AND $2::date
        GROUP BY 1, 2`,
      [months.from, months.to],
    );
    return rows.map((r) => ({ leadUnitId: r.leadUnitId, month: r.month, urged: Number(r.urged) }));
  }

  /**
   * Per person, the tasks `unitId` leads through them (`lead_user_id`), and one row
   * (`leadUserId` null) for those it leads as a unit, issued in `months`; through
   * `tasks_lead_unit_idx`.
   */
  async byLeadPerson(
    em: EntityManager,
    unitId: string,
    months: IssueMonths,
    now: Date,
  ): Promise<(TaskOutcomeCounts & { leadUserId: string | null })[]> {
    const rows: (RawCounts & { leadUserId: string | null })[] = await em.query(
      `SELECT t.lead_user_id AS "leadUserId",
              count(*) FILTER (WHERE ${OUTCOME_WHERE.done_on_time('$4')}) AS "doneOnTime",
              count(*) FILTER (WHERE ${OUTCOME_WHERE.done_late('$4')}) AS "doneLate",
              count(*) FILTER (WHERE t.state IN ${RUNNING}) AS open,
              count(*) FILTER (WHERE ${OUTCOME_WHERE.overdue('$4::timestamptz')}) AS overdue,
              coalesce(sum(t.urged_count), 0) AS urged
         FROM tasks t
        WHERE t.lead_unit_id = $1 AND t.state IN ${COUNTED}
          AND task_summary_month(t.issued_at) BETWEEN $2::date AND $3::date
        GROUP BY t.lead_user_id`,
      [unitId, months.from, months.to, now],
    );
    return rows.map((r) => ({ leadUserId: r.leadUserId, ...counts(r) }));
  }

  /**
   * One page of the tasks of `outcome` led by one of `leadUnitIds` and issued in `months`;
   * with `person`, only those led through that person ('none': as a unit).
   */
  async page(
    em: EntityManager,
    leadUnitIds: readonly string[],
    outcome: TaskOutcome,
    months: IssueMonths,
    now: Date,
    page: { page: number; pageSize: number; person: string | null },
  ): Promise<{ items: OutcomeTaskRow[]; total: number }> {
    const byClock = outcome === 'overdue' || outcome === 'in_progress';
    const rows: (OutcomeTaskRow & { total: string })[] = await em.query(
      `SELECT t.id, t.title, t.state, t.deadline, t.issued_at AS "issuedAt", t.submitted_at AS "submittedAt",
              t.lead_unit_id AS "leadUnitId", t.lead_user_id AS "leadUserId", count(*) OVER () AS total
         FROM tasks t
        WHERE t.lead_unit_id = ANY($1::uuid[])
          AND ($6::text IS NULL OR ($6 = 'none' AND t.lead_user_id IS NULL) OR t.lead_user_id::text = $6)
          AND ${OUTCOME_WHERE[outcome]('$7::timestamptz')}
          AND task_summary_month(t.issued_at) BETWEEN $2::date AND $3::date
        ORDER BY ${OUTCOME_ORDER[outcome]}
        LIMIT $4 OFFSET $5`,
      [
        leadUnitIds,
        months.from,
        months.to,
        page.pageSize,
        (page.page - 1) * page.pageSize,
        page.person,
        // Only the clock's outcomes read the instant.
        ...(byClock ? [now] : []),
      ],
    );
    return {
      total: rows.length > 0 ? Number(rows[0].total) : 0,
      items: rows.map(({ total: _total, ...r }) => r),
    };
  }

  /**
   * The deadline ranges {@link overdueDrift} reads, from the ends of its two partial indexes
   * (two index probes): unrecorded lateness from the earliest open unrecorded deadline (or
   * `now`, when none has passed) up to `now`; recorded lateness ahead of `now` up to the latest
   * recorded deadline. A deadline the app writes lies ahead of the moment it is written, so a
   * task that becomes unrecorded after this read falls in the range too.
   */
  private async driftRange(em: EntityManager, now: Date): Promise<[string, string | null]> {
    // As text: a Date would cut the database's microseconds, and with them the last deadline.
    const [row]: { from: string; until: string | null }[] = await em.query(
      `SELECT LEAST((SELECT min(deadline) FROM tasks WHERE state IN ${RUNNING}
                       AND late_for_deadline IS DISTINCT FROM deadline), $1::timestamptz)::text AS "from",
              (SELECT max(deadline) FROM tasks WHERE state IN ${RUNNING} AND late_for_deadline = deadline)::text AS "until"`,
      [now],
    );
    return [row.from, row.until];
  }
}
