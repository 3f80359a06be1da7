import { disciplineCasesOpened } from '@lt/lateness';
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
 * Grouped by lead (the monthly ranking, libs/ranking, grades these).
 */
export async function leadFigures(
  em: EntityManager,
  input: { since: Date; until: Date; deadline: 'original' | 'extended'; asOf: Date },
): Promise<LeadFigures[]> {
  const figures: LeadFigures[] = await em.query(
    `SELECT t.lead_unit_id AS "unitId", t.lead_user_id AS "userId", count(*)::int AS items,
            sum((t.submitted_at IS NOT NULL AND t.submitted_at <= j.judged)::int)::int AS "onTime",
            sum(CASE WHEN t.submitted_at IS NOT NULL THEN (t.submitted_at > j.judged)::int
                     WHEN j.judged <= $4 THEN 1 ELSE 0 END)::int AS late,
            sum((t.submitted_at IS NULL AND j.judged > $4)::int)::int AS pending,
            0 AS "disciplineCases"
       FROM tasks t
      CROSS JOIN LATERAL (
        SELECT CASE WHEN $3 = 'extended' THEN t.deadline ELSE t.original_deadline END AS judged) j
      WHERE t.state NOT IN ('cancelled', 'returned') AND j.judged >= $1 AND j.judged < $2
      GROUP BY t.lead_unit_id, t.lead_user_id`,
    [input.since, input.until, input.deadline, input.asOf],
  );
  // The tasks' discipline cases, from the lateness mechanism, counted for the same leads.
  const lead = (unitId: string, userId: string | null) => `${unitId}/${userId ?? ''}`;
  const byLead = new Map(figures.map((f) => [lead(f.unitId, f.userId), f]));
  for (const c of await disciplineCasesOpened(em, 'task', input.since, input.until)) {
    const known = byLead.get(lead(c.unitId, c.userId));
    const f = known ?? {
      unitId: c.unitId,
      userId: c.userId,
      items: 0,
      onTime: 0,
      late: 0,
      pending: 0,
      disciplineCases: 0,
    };
    f.items += c.cases;
    f.disciplineCases += c.cases;
    if (!known) {
      byLead.set(lead(c.unitId, c.userId), f);
      figures.push(f);
    }
  }
  return figures;
}
