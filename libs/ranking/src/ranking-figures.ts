import { EntityManager } from 'typeorm';
import type { SubjectType } from './ranking.entity';
import { monthBounds } from './ranking-month';
import { DeadlineBasis, Grade, gradeFor, onTimeRate, RankingRules } from './ranking-rules';

export interface SubjectFigures {
  subjectType: SubjectType;
  subjectId: string;
  /** The unit itself; for a person, the unit whose tasks they led that month (most of them). */
  unitId: string;
  onTime: number;
  late: number;
  /** Due later in the month and not submitted yet (only while the month runs). */
  pending: number;
  disciplineCases: number;
}

/**
 * The figures of one month for every unit and person that had something in it (docs/ranking.md):
 * tasks not cancelled or returned whose judged deadline falls in [since, until), on time when
 * submitted at or before it, late when submitted after it or still not submitted once it has
 * passed `asOf`; and the discipline cases opened in the month. Units count the tasks they lead
 * (a person of theirs leading or not); people the tasks they lead by name.
 */
export async function monthFigures(
  em: EntityManager,
  input: { since: Date; until: Date; basis: DeadlineBasis; asOf: Date },
): Promise<SubjectFigures[]> {
  const rows: SubjectFigures[] = await em.query(
    `WITH items AS (
       SELECT t.lead_unit_id AS unit_id, t.lead_user_id AS user_id,
              (t.submitted_at IS NOT NULL AND t.submitted_at <= j.judged)::int AS on_time,
              CASE WHEN t.submitted_at IS NOT NULL THEN (t.submitted_at > j.judged)::int
                   WHEN j.judged <= $4 THEN 1 ELSE 0 END AS late,
              (t.submitted_at IS NULL AND j.judged > $4)::int AS pending,
              0 AS cases
         FROM tasks t
        CROSS JOIN LATERAL (
          SELECT CASE WHEN $3 = 'extended' THEN t.deadline ELSE t.original_deadline END AS judged) j
        WHERE t.state NOT IN ('cancelled', 'returned') AND j.judged >= $1 AND j.judged < $2
       UNION ALL
       SELECT dc.unit_id, t.lead_user_id, 0, 0, 0, 1
         FROM discipline_cases dc JOIN tasks t ON t.id = dc.task_id
        WHERE dc.opened_at >= $1 AND dc.opened_at < $2
     ), subjects AS (
       SELECT 'unit' AS subject_type, unit_id AS subject_id, unit_id, on_time, late, pending, cases FROM items
       UNION ALL
       SELECT 'user', user_id, unit_id, on_time, late, pending, cases FROM items WHERE user_id IS NOT NULL
     )
     SELECT subject_type AS "subjectType", subject_id AS "subjectId",
            mode() WITHIN GROUP (ORDER BY unit_id) AS "unitId",
            sum(on_time)::int AS "onTime", sum(late)::int AS late, sum(pending)::int AS pending,
            sum(cases)::int AS "disciplineCases"
       FROM subjects GROUP BY subject_type, subject_id`,
    [input.since, input.until, input.basis, input.asOf],
  );
  return rows;
}

export interface RankedFigures extends SubjectFigures {
  counted: number;
  onTimeRate: number | null;
  grade: Grade | null;
}

/** The month's figures graded with `rules`, judged at `asOf` (for a closed month: when it is stored). */
export async function rankMonth(
  em: EntityManager,
  month: string,
  rules: RankingRules,
  asOf: Date,
): Promise<RankedFigures[]> {
  const { since, until } = monthBounds(month);
  const figures = await monthFigures(em, { since, until, basis: rules.deadlineBasis, asOf });
  return figures.map((f) => {
    const counted = f.onTime + f.late;
    const all = { ...f, counted };
    return { ...all, onTimeRate: onTimeRate(all), grade: gradeFor(rules, all) };
  });
}
