import { LEADING_ROLES_SQL, Principal, leadsUnit } from '@lt/access';
import type { TaskSummary } from './task-events';
import { EntityManager } from 'typeorm';
import type { TaskEntity } from './task.entity';
import { overdueUnexplained } from './task-state-machine';

export type TaskRole = 'lead' | 'assigner' | 'coordinate' | 'informed';

/**
 * The principal's roles in a task. A person holds a role given to them by name; a role
 * given to a whole unit is held by that unit's leaders (who delegate it further down).
 */
export function rolesIn(
  principal: Principal,
  task: Pick<TaskEntity, 'leadUnitId' | 'leadUserId' | 'assignerId'>,
  parties: { role: 'coordinate' | 'informed'; unitId: string; userId: string | null }[],
): Set<TaskRole> {
  const roles = new Set<TaskRole>();
  if (holdsRole(principal, task.leadUnitId, task.leadUserId)) roles.add('lead');
  if (task.assignerId === principal.userId) roles.add('assigner');
  for (const party of parties) if (holdsRole(principal, party.unitId, party.userId)) roles.add(party.role);
  return roles;
}

/** A role given to a person is theirs; one given to a unit is held by its leaders. */
export function holdsRole(principal: Principal, unitId: string, userId: string | null): boolean {
  return userId !== null ? userId === principal.userId : leadsUnit(principal, unitId);
}

interface SummaryRow {
  id: string;
  title: string;
  state: TaskSummary['state'];
  priority: number;
  deadline: Date;
  originalDeadline: Date;
  issuedAt: Date;
  progress: number;
  blockedSince: Date | null;
  lateForDeadline: Date | null;
  latenessCount: number;
  leadUnitId: string;
  leadUnitName: string;
  leadUserId: string | null;
  leadUserName: string | null;
  assignerId: string;
  assignerName: string;
  assignerUnitId: string;
  sourceType: NonNullable<TaskSummary['source']>['type'] | null;
  sourceId: string | null;
  parentId: string | null;
  version: number;
}

/** The columns of a TaskSummary; `t` is tasks, joined as in {@link taskSummaries}. */
export const SUMMARY_COLUMNS = `t.id, t.title, t.state, t.priority, t.deadline, t.original_deadline AS "originalDeadline",
  t.issued_at AS "issuedAt", t.progress, t.blocked_since AS "blockedSince",
  t.late_for_deadline AS "lateForDeadline", t.lateness_count AS "latenessCount",
  t.lead_unit_id AS "leadUnitId", lu.name AS "leadUnitName", t.lead_user_id AS "leadUserId",
  lp.full_name AS "leadUserName", t.assigner_id AS "assignerId", a.full_name AS "assignerName",
  t.assigner_unit_id AS "assignerUnitId", t.source_type AS "sourceType", t.source_id AS "sourceId",
  t.parent_id AS "parentId", t.version`;
export const SUMMARY_JOINS = `JOIN org_units lu ON lu.id = t.lead_unit_id
  LEFT JOIN users lp ON lp.id = t.lead_user_id
  JOIN users a ON a.id = t.assigner_id`;

export function toTaskSummary(row: SummaryRow): TaskSummary {
  return {
    id: row.id,
    title: row.title,
    state: row.state,
    priority: row.priority as TaskSummary['priority'],
    deadline: row.deadline.toISOString(),
    originalDeadline: row.originalDeadline.toISOString(),
    issuedAt: row.issuedAt.toISOString(),
    progress: row.progress,
    // Overdue from the moment the deadline passes, not only once the worker has marked it.
    blocked: overdueUnexplained(row, new Date()),
    latenessCount: row.latenessCount,
    lead: {
      unit: { id: row.leadUnitId, name: row.leadUnitName },
      user: row.leadUserId ? { id: row.leadUserId, fullName: row.leadUserName ?? '' } : null,
    },
    assigner: { id: row.assignerId, fullName: row.assignerName, unitId: row.assignerUnitId },
    source: row.sourceType && row.sourceId ? { type: row.sourceType, id: row.sourceId } : null,
    parentId: row.parentId,
    version: row.version,
  };
}

/** Summaries of `ids`, in one query, keyed by id. */
export async function taskSummaries(
  em: EntityManager,
  ids: readonly string[],
): Promise<Map<string, TaskSummary>> {
  if (ids.length === 0) return new Map();
  const rows: SummaryRow[] = await em.query(
    `SELECT ${SUMMARY_COLUMNS} FROM tasks t ${SUMMARY_JOINS} WHERE t.id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, toTaskSummary(r)]));
}

/**
 * Everyone involved in each task: the assigner, the lead (the person, or the lead unit's
 * leaders), coordinators and informed parties (people, or their units' leaders). They get
 * its live events.
 */
export async function involvedPeople(
  em: EntityManager,
  taskIds: readonly string[],
): Promise<Map<string, string[]>> {
  const rows: { taskId: string; userIds: string[] }[] = await em.query(
    `WITH holders AS (
       SELECT t.id AS task_id, t.lead_unit_id AS unit_id, t.lead_user_id AS user_id FROM tasks t WHERE t.id = ANY($1::uuid[])
       UNION ALL
       SELECT p.task_id, p.unit_id, p.user_id FROM task_parties p WHERE p.task_id = ANY($1::uuid[])
     ), people AS (
       SELECT t.id AS task_id, t.assigner_id AS user_id FROM tasks t WHERE t.id = ANY($1::uuid[])
       UNION SELECT h.task_id, h.user_id FROM holders h WHERE h.user_id IS NOT NULL
       UNION SELECT h.task_id, pos.user_id FROM holders h
               JOIN positions pos ON pos.unit_id = h.unit_id AND pos.role IN (${LEADING_ROLES_SQL})
              WHERE h.user_id IS NULL
       -- The leaders of a unit that annotated follow what their annotation started.
       UNION SELECT t.id, pos.user_id FROM tasks t
               JOIN annotations a ON t.source_type = 'annotation' AND a.id = t.source_id
               JOIN positions pos ON pos.unit_id = a.author_unit_id AND pos.role IN (${LEADING_ROLES_SQL})
              WHERE t.id = ANY($1::uuid[])
     )
     SELECT task_id AS "taskId", array_agg(DISTINCT user_id) AS "userIds" FROM people GROUP BY task_id`,
    [taskIds],
  );
  return new Map(rows.map((r) => [r.taskId, r.userIds]));
}

/**
 * Who answers for a task's deadline: the lead (the person, or the lead unit's leaders), the
 * head of the lead unit and, unless left out, the assigner.
 */
export async function answerablePeople(
  em: EntityManager,
  taskIds: readonly string[],
  options: { assigner: boolean } = { assigner: true },
): Promise<Map<string, string[]>> {
  const rows: { taskId: string; userIds: string[] }[] = await em.query(
    `WITH people AS (
       SELECT t.id AS task_id, t.assigner_id AS user_id FROM tasks t WHERE t.id = ANY($1::uuid[]) AND $2
       UNION SELECT t.id, t.lead_user_id FROM tasks t WHERE t.id = ANY($1::uuid[]) AND t.lead_user_id IS NOT NULL
       UNION SELECT t.id, pos.user_id FROM tasks t
               JOIN positions pos ON pos.unit_id = t.lead_unit_id AND pos.role IN (${LEADING_ROLES_SQL})
              WHERE t.id = ANY($1::uuid[])
       -- A task from an annotation is followed by the leaders of the annotating unit (their
       -- follow-up list moves with it), as the assigner follows their own (see involvedPeople).
       UNION SELECT t.id, pos.user_id FROM tasks t
               JOIN annotations a ON t.source_type = 'annotation' AND a.id = t.source_id
               JOIN positions pos ON pos.unit_id = a.author_unit_id AND pos.role IN (${LEADING_ROLES_SQL})
              WHERE t.id = ANY($1::uuid[]) AND $2
     )
     SELECT task_id AS "taskId", array_agg(DISTINCT user_id) AS "userIds" FROM people GROUP BY task_id`,
    [taskIds, options.assigner],
  );
  return new Map(rows.map((r) => [r.taskId, r.userIds]));
}

/**
 * In SQL, whether the tasks row `alias` is one the person may open (TaskQueries.requireVisible):
 * they assigned it, lead it, take part in it (as a person, or as a leader of a unit named
 * whole), or lead a unit at or above its lead unit or its assigner's unit. `me` and `led` are
 * placeholders: the person's id and the units where they hold a leader's post.
 */
export const visibleTaskSql = (alias: string, me: string, led: string): string =>
  `(${alias}.assigner_id = ${me} OR ${alias}.lead_user_id = ${me}
    OR (${alias}.lead_user_id IS NULL AND ${alias}.lead_unit_id = ANY(${led}))
    OR EXISTS (SELECT 1 FROM task_parties vp WHERE vp.task_id = ${alias}.id
                 AND (vp.user_id = ${me} OR (vp.user_id IS NULL AND vp.unit_id = ANY(${led}))))
    OR EXISTS (SELECT 1 FROM org_unit_closure vc WHERE vc.ancestor_id = ANY(${led})
                 AND vc.descendant_id IN (${alias}.lead_unit_id, ${alias}.assigner_unit_id)))`;
