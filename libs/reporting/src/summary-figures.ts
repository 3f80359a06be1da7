import type { UnitKind } from '@lt/org';
import { TASK_OUTCOMES, TaskOutcome } from '@lt/tasks';

/**
 * The columns of the task summary table (bảng tổng hợp theo dõi nhiệm vụ). Definitions
 * (docs/reporting.md):
 *
 * - A task counts for its lead unit (`lead_unit_id`) and for the month it was issued in
 *   (`issued_at`, Vietnam time). Cancelled and returned tasks are not counted.
 * - Done (submitted or completed): on time when submitted at or before the deadline in force
 *   (after approved extensions), late otherwise.
 * - Not done (assigned, accepted, in progress): overdue when the deadline is at or before the
 *   moment of the query, otherwise in progress within the deadline.
 * - assigned = doneOnTime + doneLate + inProgress + overdue;
 *   onTimeRate = doneOnTime / (doneOnTime + doneLate + overdue), null when that is 0.
 */
export interface SummaryFigures {
  /** Được giao */
  assigned: number;
  /** Hoàn thành đúng hạn */
  doneOnTime: number;
  /** Hoàn thành trễ hạn */
  doneLate: number;
  /** Đang thực hiện trong hạn */
  inProgress: number;
  /** Quá hạn */
  overdue: number;
  /** Số lần đôn đốc: how many times the counted tasks were urged, all together. */
  urged: number;
  /** Tỷ lệ đúng hạn, 0–1 rounded to 4 decimals; null when nothing is due yet. */
  onTimeRate: number | null;
}

/** The counts the queries produce: `open` is everything not done, `overdue` part of it. */
export interface SummaryCounts {
  doneOnTime: number;
  doneLate: number;
  open: number;
  overdue: number;
  urged: number;
}

/** The figures a drill-down lists the tasks of: the outcomes the tasks library counts. */
export const SUMMARY_CATEGORIES = TASK_OUTCOMES;
export type SummaryCategory = TaskOutcome;

export interface UnitRef {
  id: string;
  name: string;
  kind: UnitKind;
}

/**
 * The citizens' files (hồ sơ một cửa) of a line: those its counters received in the period,
 * judged as libs/one-stop judges them (citizenFileCounts); onTimeRate = onTime / (onTime +
 * late + overdue), null when that is 0 — the tasks' rule.
 */
export interface CitizenFileFigures {
  /** Hồ sơ tiếp nhận */
  received: number;
  /** Trả đúng hẹn */
  onTime: number;
  /** Trả trễ hẹn (or counted late once) */
  late: number;
  /** Đang giải quyết trong hạn */
  inTime: number;
  /** Quá hạn */
  overdue: number;
  onTimeRate: number | null;
}

export type CitizenFileCountsOf = Omit<CitizenFileFigures, 'onTimeRate'>;

export const NO_CITIZEN_FILES: CitizenFileCountsOf = {
  received: 0,
  onTime: 0,
  late: 0,
  inTime: 0,
  overdue: 0,
};

/** The files' figures from their counts. Pure. */
export function citizenFileFigures(counts: CitizenFileCountsOf): CitizenFileFigures {
  const due = counts.onTime + counts.late + counts.overdue;
  return { ...counts, onTimeRate: due === 0 ? null : Math.round((counts.onTime / due) * 10_000) / 10_000 };
}

/** Files' counts added (a subtree's are the sum of its units'), or taken away (`sign` -1). */
export function addFileCounts(a: CitizenFileCountsOf, b: CitizenFileCountsOf, sign = 1): CitizenFileCountsOf {
  return {
    received: a.received + sign * b.received,
    onTime: a.onTime + sign * b.onTime,
    late: a.late + sign * b.late,
    inTime: a.inTime + sign * b.inTime,
    overdue: a.overdue + sign * b.overdue,
  };
}

/**
 * One line of the table: `subtree` — the unit and everything under it, rolled up;
 * `unit` — only the tasks the unit itself leads (trực tiếp), and the files its own counter
 * received.
 */
export interface SummaryRow extends SummaryFigures {
  unit: UnitRef;
  scope: 'subtree' | 'unit';
  citizenFiles: CitizenFileFigures;
}

export interface SummaryPeriod {
  from: string;
  to: string;
  start: string;
  end: string;
}

export interface SummaryReport {
  unit: UnitRef;
  period: SummaryPeriod;
  /** The moment the figures are exact at: overdue is judged against it. */
  generatedAt: string;
  /** The unit's whole subtree. */
  total: SummaryRow;
  /** One row per direct child unit (its subtree), then the unit's own tasks (scope `unit`). */
  rows: SummaryRow[];
}

export interface PersonRow extends SummaryFigures {
  /** null: tasks the unit leads without naming a person. */
  person: { id: string; fullName: string } | null;
}

export interface PeopleReport {
  unit: UnitRef;
  period: SummaryPeriod;
  generatedAt: string;
  rows: PersonRow[];
}

export interface TrendPoint extends SummaryFigures {
  month: string;
}

export interface TrendReport {
  unit: UnitRef;
  generatedAt: string;
  months: TrendPoint[];
}

export interface SummaryTaskItem {
  id: string;
  title: string;
  state: string;
  lead: { unit: { id: string; name: string }; user: { id: string; fullName: string } | null };
  deadline: string;
  issuedAt: string;
  submittedAt: string | null;
}

export interface SummaryTaskPage {
  unit: UnitRef;
  category: SummaryCategory;
  subtree: boolean;
  period: SummaryPeriod;
  generatedAt: string;
  items: SummaryTaskItem[];
  total: number;
  page: number;
  pageSize: number;
}

/** The figures of a row from its counts. Pure. */
export function summaryFigures(counts: SummaryCounts): SummaryFigures {
  const { doneOnTime, doneLate, open, overdue, urged } = counts;
  const due = doneOnTime + doneLate + overdue;
  return {
    assigned: doneOnTime + doneLate + open,
    doneOnTime,
    doneLate,
    inProgress: open - overdue,
    overdue,
    urged,
    onTimeRate: due === 0 ? null : Math.round((doneOnTime / due) * 10_000) / 10_000,
  };
}

/** Counts added up (the total of a table is the sum of its rows). */
export function addCounts(rows: SummaryCounts[]): SummaryCounts {
  return rows.reduce(
    (sum, r) => ({
      doneOnTime: sum.doneOnTime + r.doneOnTime,
      doneLate: sum.doneLate + r.doneLate,
      open: sum.open + r.open,
      overdue: sum.overdue + r.overdue,
      urged: sum.urged + r.urged,
    }),
    { doneOnTime: 0, doneLate: 0, open: 0, overdue: 0, urged: 0 },
  );
}
