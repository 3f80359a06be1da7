import { updatedRows } from '@lt/database';
import { EntityManager } from 'typeorm';
import type { DisciplineDecision, LateSubjectType } from './lateness-subjects';

/**
 * Reading discipline cases and the latenesses behind them. The cases are this library's
 * rows (Latenesses opens them on a second lateness); the review that decides them is
 * libs/ranking, which reads them through these functions.
 */

export interface DisciplineCaseRow {
  id: string;
  subjectType: LateSubjectType;
  subjectId: string;
  /** The number of the lateness that opened the case (2 for a second lateness). */
  latenessNumber: number;
  /** The unit that was late. */
  unitId: string;
  /** The unit whose head reviews the case. */
  reviewerUnitId: string;
  openedAt: Date;
  decision: DisciplineDecision | null;
  decisionNote: string | null;
  decidedBy: string | null;
  /** Decided thừa ủy quyền: the head whose post was used. */
  decidedOnBehalfOfId: string | null;
  decidedAt: Date | null;
  version: number;
}

export interface LatenessRow {
  subjectId: string;
  number: number;
  missedDeadline: Date;
  overdueAt: Date;
  explanation: string | null;
  apology: string | null;
  newDueAt: Date | null;
  filedBy: string | null;
  filedAt: Date | null;
}

/**
 * One page of the cases reviewed by `reviewerUnitIds`, open ones first, then the newest;
 * `state` keeps only open or decided ones. With the total of all pages.
 */
export async function disciplineCasesForReview(
  em: EntityManager,
  reviewerUnitIds: readonly string[],
  query: { state?: 'open' | 'decided'; limit: number; offset: number },
): Promise<{ ids: string[]; total: number }> {
  if (reviewerUnitIds.length === 0) return { ids: [], total: 0 };
  const where = `dc.reviewer_unit_id = ANY($1::uuid[])
          AND ($2::text IS NULL OR (dc.decision IS NULL) = ($2::text = 'open'))`;
  const rows: { id: string; total: string }[] = await em.query(
    `SELECT dc.id, count(*) OVER () AS total FROM discipline_cases dc
      WHERE ${where}
      ORDER BY (dc.decision IS NULL) DESC, dc.opened_at DESC, dc.id
      LIMIT $3 OFFSET $4`,
    [reviewerUnitIds, query.state ?? null, query.limit, query.offset],
  );
  if (rows.length > 0) return { ids: rows.map((r) => r.id), total: Number(rows[0].total) };
  // Past the end of the list: the window function had no row to answer on.
  const [{ total }]: { total: string }[] = await em.query(
    `SELECT count(*) AS total FROM discipline_cases dc WHERE ${where}`,
    [reviewerUnitIds, query.state ?? null],
  );
  return { ids: [], total: Number(total) };
}

/** The cases of `ids` with the number of the lateness that opened each, in one query (any order). */
export async function disciplineCaseRows(
  em: EntityManager,
  ids: readonly string[],
): Promise<DisciplineCaseRow[]> {
  if (ids.length === 0) return [];
  return em.query(
    `SELECT dc.id, dc.subject_type AS "subjectType", dc.subject_id AS "subjectId", l.number AS "latenessNumber", dc.unit_id AS "unitId",
            dc.reviewer_unit_id AS "reviewerUnitId", dc.opened_at AS "openedAt", dc.decision,
            dc.decision_note AS "decisionNote", dc.decided_by AS "decidedBy",
            dc.decided_on_behalf_of_id AS "decidedOnBehalfOfId", dc.decided_at AS "decidedAt",
            dc.version
       FROM discipline_cases dc JOIN latenesses l ON l.id = dc.lateness_id
      WHERE dc.id = ANY($1::uuid[])`,
    [ids],
  );
}

/** Every lateness of the subjects `ids` of one type, by subject, first first. */
export async function latenessesOf(
  em: EntityManager,
  subjectType: LateSubjectType,
  ids: readonly string[],
): Promise<LatenessRow[]> {
  if (ids.length === 0) return [];
  return em.query(
    `SELECT l.subject_id AS "subjectId", l.number, l.missed_deadline AS "missedDeadline",
            l.overdue_at AS "overdueAt", l.explanation, l.apology, l.new_due_at AS "newDueAt",
            l.filed_by AS "filedBy", l.filed_at AS "filedAt"
       FROM latenesses l
      WHERE l.subject_type = $1 AND l.subject_id = ANY($2::uuid[])
      ORDER BY l.subject_id, l.number`,
    [subjectType, ids],
  );
}

/** The cases opened in [since, until) over subjects of one type, counted per late unit and person. */
export async function disciplineCasesOpened(
  em: EntityManager,
  subjectType: LateSubjectType,
  since: Date,
  until: Date,
): Promise<{ unitId: string; userId: string | null; cases: number }[]> {
  return em.query(
    `SELECT unit_id AS "unitId", user_id AS "userId", count(*)::int AS cases FROM discipline_cases
      WHERE subject_type = $1 AND opened_at >= $2 AND opened_at < $3
      GROUP BY unit_id, user_id`,
    [subjectType, since, until],
  );
}

/** In a merger: the open cases the sources' heads were to review go to the resulting unit's head. */
export async function moveOpenCaseReviews(
  em: EntityManager,
  sourceIds: readonly string[],
  targetId: string,
): Promise<number> {
  const moved = await updatedRows(
    em,
    `UPDATE discipline_cases SET reviewer_unit_id = $2
      WHERE reviewer_unit_id = ANY($1::uuid[]) AND decision IS NULL RETURNING id`,
    [sourceIds, targetId],
  );
  return moved.length;
}
