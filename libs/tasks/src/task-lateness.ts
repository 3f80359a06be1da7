import { Injectable } from '@nestjs/common';
import { CommandContext } from '@lt/commands';
import { Latenesses } from '@lt/lateness';
import { AuditInput } from '@lt/audit';
import { OutgoingEvent } from '@lt/realtime';
import { TaskEscalation } from './task-escalation';
import { TaskViews } from './task-views';

/** How many overdue tasks one pass of the worker takes. */
const OVERDUE_BATCH = 500;

export interface MarkedOverdue {
  taskId: string;
  latenessNumber: number;
  disciplineCaseId: string | null;
}

/**
 * Records lateness: a task past its deadline becomes blocked (it accepts nothing but its
 * lead's explanation and apology letter), its lateness is numbered, its lead, assigner and
 * the head of the lead unit are told (and, while it stays late, the heads above: TaskEscalation),
 * and a second lateness opens a discipline case. Used
 * by the worker for every task due and by the explanation use-case for its own task.
 * Rows are claimed with SKIP LOCKED and re-checked under the lock, so two workers never
 * count one deadline twice.
 */
@Injectable()
export class TaskLateness {
  constructor(
    private readonly latenesses: Latenesses,
    private readonly views: TaskViews,
    private readonly escalation: TaskEscalation,
  ) {}

  async markOverdue(context: CommandContext, now: Date, onlyTaskIds?: string[]): Promise<MarkedOverdue[]> {
    const { em } = context;
    const [marked]: [
      {
        id: string;
        latenessCount: number;
        deadline: Date;
        assignerId: string;
        leadUnitId: string;
        leadUserId: string | null;
      }[],
      number,
    ] = await em.query(
      `WITH due AS (
           SELECT id FROM tasks
            WHERE state IN ('assigned', 'accepted', 'in_progress') AND deadline <= $1
              AND late_for_deadline IS DISTINCT FROM deadline
              AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))
            ORDER BY deadline LIMIT ${OVERDUE_BATCH}
            FOR UPDATE SKIP LOCKED)
         UPDATE tasks t
            SET blocked_since = $1, late_for_deadline = t.deadline, lateness_count = t.lateness_count + 1,
                version = t.version + 1, updated_at = now()
           FROM due WHERE t.id = due.id
         RETURNING t.id, t.lateness_count AS "latenessCount", t.deadline, t.assigner_id AS "assignerId",
                   t.lead_unit_id AS "leadUnitId", t.lead_user_id AS "leadUserId"`,
      [now, onlyTaskIds ?? null],
    );
    if (marked.length === 0) return [];

    // Numbered, and a case opened on a second lateness, by the one mechanism files share.
    const cases = await this.latenesses.record(
      em,
      marked.map((m) => ({
        subjectType: 'task',
        subjectId: m.id,
        number: m.latenessCount,
        missedDeadline: m.deadline,
        addressedTo: m.assignerId,
        unitId: m.leadUnitId,
        userId: m.leadUserId,
      })),
      now,
    );

    const ids = marked.map((m) => m.id);
    const summaries = await this.views.summaries(em, ids);
    const audiences = await this.views.answerablePeople(em, ids);
    const events: OutgoingEvent[] = [];
    const audits: AuditInput[] = [];
    for (const m of marked) {
      const task = summaries.get(m.id)!;
      events.push({
        name: 'task.overdue',
        payload: { task, latenessNumber: m.latenessCount, missedDeadline: m.deadline.toISOString() },
        audience: audiences.get(m.id) ?? [],
      });
      audits.push({
        actor: null,
        actingUnitId: m.leadUnitId,
        action: 'task.overdue',
        subjectType: 'task',
        subjectId: m.id,
        after: { latenessNumber: m.latenessCount, missedDeadline: m.deadline },
      });
    }
    for (const c of cases) {
      const m = marked.find((x) => x.id === c.subjectId)!;
      events.push({
        name: 'task.discipline_case',
        payload: {
          caseId: c.id,
          task: summaries.get(c.subjectId)!,
          latenessNumber: m.latenessCount,
          unitId: m.leadUnitId,
        },
        audience: c.reviewers,
      });
      audits.push({
        actor: null,
        actingUnitId: c.reviewerUnitId,
        action: 'task.discipline_case.open',
        subjectType: 'discipline_case',
        subjectId: c.id,
        after: { taskId: c.subjectId, latenessNumber: m.latenessCount },
      });
    }
    await context.audit(...audits);
    await context.emit(...events);
    await this.escalation.overdue(context, marked, now);
    return marked.map((m) => ({
      taskId: m.id,
      latenessNumber: m.latenessCount,
      disciplineCaseId: cases.find((c) => c.subjectId === m.id)?.id ?? null,
    }));
  }
}
