import type { Principal } from '@lt/access';
import type { DisciplineDecision, TaskSummary } from '@lt/tasks';
import { taskSummaries } from '@lt/tasks';
import { EntityManager } from 'typeorm';

export const DECISION_NAMES: Record<DisciplineDecision, { vi: string; en: string }> = {
  accept_explanation: { vi: 'Chấp nhận giải trình', en: 'Explanation accepted' },
  remind: { vi: 'Nhắc nhở', en: 'Reminded' },
  criticise: { vi: 'Phê bình', en: 'Criticised' },
  propose_discipline: { vi: 'Đề nghị xem xét xử lý kỷ luật', en: 'Referred for disciplinary review' },
};

export interface LatenessView {
  number: number;
  missedDeadline: string;
  overdueAt: string;
  /** Giải trình; null until the lead files it. */
  explanation: string | null;
  /** Thư xin lỗi, addressed to the assigner. */
  apology: string | null;
  filedBy: { id: string; fullName: string } | null;
  filedAt: string | null;
}

export interface DisciplineCaseView {
  id: string;
  state: 'open' | 'decided';
  openedAt: string;
  /** The lateness that opened the case (2 for a second lateness). */
  latenessNumber: number;
  /** The unit that was late. */
  unit: { id: string; name: string };
  /** The unit whose head reviews the case. */
  reviewerUnit: { id: string; name: string };
  task: TaskSummary;
  /** Every lateness of the task, first first, with its explanation and apology letter. */
  latenesses: LatenessView[];
  decision: {
    decision: DisciplineDecision;
    name: { vi: string; en: string };
    note: string | null;
    decidedBy: { id: string; fullName: string };
    decidedAt: string;
  } | null;
  /** You are a head (leader) of the reviewer unit and the case is open. */
  mayDecide: boolean;
  /** Send it back with the decision. */
  version: number;
}

interface CaseRow {
  id: string;
  taskId: string;
  latenessNumber: number;
  unitId: string;
  unitName: string;
  reviewerUnitId: string;
  reviewerUnitName: string;
  openedAt: Date;
  decision: DisciplineDecision | null;
  decisionNote: string | null;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: Date | null;
  version: number;
}

interface LatenessRow {
  taskId: string;
  number: number;
  missedDeadline: Date;
  overdueAt: Date;
  explanation: string | null;
  apology: string | null;
  filedBy: string | null;
  filedByName: string | null;
  filedAt: Date | null;
}

/** Whether the principal is a head (leader, not deputy) of `unitId`: the one who decides. */
export function headsUnit(principal: Principal, unitId: string): boolean {
  return principal.positions.some((p) => p.unitId === unitId && p.role === 'leader');
}

/** The views of `ids`, in their order, in three queries. */
export async function disciplineCaseViews(
  em: EntityManager,
  principal: Principal,
  ids: readonly string[],
): Promise<DisciplineCaseView[]> {
  if (ids.length === 0) return [];
  const rows: CaseRow[] = await em.query(
    `SELECT dc.id, dc.task_id AS "taskId", l.number AS "latenessNumber", dc.unit_id AS "unitId",
            u.name AS "unitName", dc.reviewer_unit_id AS "reviewerUnitId", ru.name AS "reviewerUnitName",
            dc.opened_at AS "openedAt", dc.decision, dc.decision_note AS "decisionNote",
            dc.decided_by AS "decidedBy", du.full_name AS "decidedByName", dc.decided_at AS "decidedAt",
            dc.version
       FROM discipline_cases dc
       JOIN task_latenesses l ON l.id = dc.lateness_id
       JOIN org_units u ON u.id = dc.unit_id
       JOIN org_units ru ON ru.id = dc.reviewer_unit_id
       LEFT JOIN users du ON du.id = dc.decided_by
      WHERE dc.id = ANY($1::uuid[])`,
    [ids],
  );
  const taskIds = [...new Set(rows.map((r) => r.taskId))];
  const latenesses: LatenessRow[] = await em.query(
    `SELECT l.task_id AS "taskId", l.number, l.missed_deadline AS "missedDeadline", l.overdue_at AS "overdueAt",
            l.explanation, l.apology, l.filed_by AS "filedBy", f.full_name AS "filedByName", l.filed_at AS "filedAt"
       FROM task_latenesses l LEFT JOIN users f ON f.id = l.filed_by
      WHERE l.task_id = ANY($1::uuid[])
      ORDER BY l.task_id, l.number`,
    [taskIds],
  );
  const tasks = await taskSummaries(em, taskIds);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids
    .map((id) => byId.get(id))
    .filter((r): r is CaseRow => r !== undefined)
    .map((r) => ({
      id: r.id,
      state: r.decision === null ? 'open' : 'decided',
      openedAt: r.openedAt.toISOString(),
      latenessNumber: r.latenessNumber,
      unit: { id: r.unitId, name: r.unitName },
      reviewerUnit: { id: r.reviewerUnitId, name: r.reviewerUnitName },
      task: tasks.get(r.taskId)!,
      latenesses: latenesses
        .filter((l) => l.taskId === r.taskId)
        .map((l) => ({
          number: l.number,
          missedDeadline: l.missedDeadline.toISOString(),
          overdueAt: l.overdueAt.toISOString(),
          explanation: l.explanation,
          apology: l.apology,
          filedBy: l.filedBy ? { id: l.filedBy, fullName: l.filedByName ?? '' } : null,
          filedAt: l.filedAt?.toISOString() ?? null,
        })),
      decision:
        r.decision === null
          ? null
          : {
              decision: r.decision,
              name: DECISION_NAMES[r.decision],
              note: r.decisionNote,
              decidedBy: { id: r.decidedBy!, fullName: r.decidedByName ?? '' },
              decidedAt: r.decidedAt!.toISOString(),
            },
      mayDecide: r.decision === null && headsUnit(principal, r.reviewerUnitId),
      version: r.version,
    }));
}
