import { Injectable } from '@nestjs/common';
import { HEAD_ROLES } from '@lt/access';
import { CommandContext } from '@lt/commands';
import { OrgTreeService } from '@lt/org';
import { PeopleService } from '@lt/people';
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
    private readonly people: PeopleService,
    private readonly tree: OrgTreeService,
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

    await em.query(
      `INSERT INTO task_latenesses (task_id, number, missed_deadline, overdue_at, addressed_to)
       SELECT * FROM unnest($1::uuid[], $2::smallint[], $3::timestamptz[], $4::timestamptz[], $5::uuid[])
`,
      [
        marked.map((m) => m.id),
        marked.map((m) => m.latenessCount),
        marked.map((m) => m.deadline),
        marked.map(() => now),
        marked.map((m) => m.assignerId),
      ],
    );
    // A second (or later) lateness: a case for the head of the lead unit, or for the head of
    // the unit above when the lead is that unit itself (its head would judge himself).
    const repeat = marked.filter((m) => m.latenessCount >= 2);
    let cases: { id: string; taskId: string; unitId: string }[] = [];
    let heads: { unitId: string; userId: string }[] = [];
    if (repeat.length > 0) {
      const parentOf = new Map(
        (
          await this.tree.units(
            repeat.map((m) => m.leadUnitId),
            em,
          )
        ).map((u) => [u.id, u.parentId]),
      );
      // The heads (leaders, not deputies) of the lead units and of the units above them: who
      // the lead is, and who reviews the case.
      heads = await this.people.positionHolders(
        [...repeat.map((m) => m.leadUnitId), ...[...parentOf.values()].filter((id) => id !== null)],
        { roles: HEAD_ROLES },
        em,
      );
      const reviewerUnit = (m: (typeof repeat)[number]) =>
        m.leadUserId === null || heads.some((h) => h.unitId === m.leadUnitId && h.userId === m.leadUserId)
          ? (parentOf.get(m.leadUnitId) ?? m.leadUnitId)
          : m.leadUnitId;
      cases = await em.query(
        `INSERT INTO discipline_cases (task_id, lateness_id, unit_id, reviewer_unit_id, opened_at)
         SELECT t.id, l.id, t.lead_unit_id, r.reviewer_unit_id, $3
           FROM unnest($1::uuid[], $2::uuid[]) AS r(task_id, reviewer_unit_id)
           JOIN tasks t ON t.id = r.task_id
           JOIN task_latenesses l ON l.task_id = t.id AND l.number = t.lateness_count
         RETURNING id, task_id AS "taskId", reviewer_unit_id AS "unitId"`,
        [repeat.map((m) => m.id), repeat.map(reviewerUnit), now],
      );
    }

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
      const m = marked.find((x) => x.id === c.taskId)!;
      events.push({
        name: 'task.discipline_case',
        payload: {
          caseId: c.id,
          task: summaries.get(c.taskId)!,
          latenessNumber: m.latenessCount,
          unitId: m.leadUnitId,
        },
        audience: heads.filter((h) => h.unitId === c.unitId).map((h) => h.userId),
      });
      audits.push({
        actor: null,
        actingUnitId: c.unitId,
        action: 'task.discipline_case.open',
        subjectType: 'discipline_case',
        subjectId: c.id,
        after: { taskId: c.taskId, latenessNumber: m.latenessCount },
      });
    }
    await context.audit(...audits);
    await context.emit(...events);
    await this.escalation.overdue(context, marked, now);
    return marked.map((m) => ({
      taskId: m.id,
      latenessNumber: m.latenessCount,
      disciplineCaseId: cases.find((c) => c.taskId === m.id)?.id ?? null,
    }));
  }
}
