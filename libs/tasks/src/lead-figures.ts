import { EntityManager } from 'typeorm';

/** The figures of one lead — a unit, and the person of it leading by name, if any — over a window. */
export interface LeadFigures {
  unitId: string;
  /** The person leading by name; null for the tasks (and cases) led by the unit as a whole. */
  userId: string | null;
  /** How many tasks and discipline cases these figures count. */
  items: number;
  onTime: number;
  late: number;
  /** Due later in the window and not submitted yet (only while `asOf` lies inside it). */
  pending: number;
  disciplineCases: number;
}

/**
 * For every lead that had something in [since, until): the tasks not cancelled or returned
 * whose deadline — the signed one (`original`) or the one in force after extensions
 * (`extended`) — falls in the window, on time when submitted at or before it, late when
 * submitted after it or still not submitted once it has passed `asOf`; and the discipline
 * cases opened in the window, counted for the unit that was late and the task's lead person.
 * One query, grouped by lead (the monthly ranking, libs/ranking, grades these).
 */
export async function leadFigures(
  em: EntityManager,
  input: { since: Date; until: Date; deadline: 'original' | 'extended'; asOf: Date },
): Promise<LeadFigures[]> {
  return em.query(
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
     )
     SELECT unit_id AS "unitId", user_id AS "userId", count(*)::int AS items,
            sum(on_time)::int AS "onTime", sum(late)::int AS late, sum(pending)::int AS pending,
            sum(cases)::int AS "disciplineCases"
       FROM items GROUP BY unit_id, user_id`,
    [input.since, input.until, input.deadline, input.asOf],
  );
}
