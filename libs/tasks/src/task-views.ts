import { Injectable } from '@nestjs/common';
import { LEADING_ROLES, Principal, leadsUnit } from '@lt/access';
import { OrgTreeService } from '@lt/org';
import { PeopleService } from '@lt/people';
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

/** A tasks row as {@link SUMMARY_COLUMNS} reads it: the summary without its names. */
export interface SummaryRow {
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
  urgedCount: number;
  lastUrgedAt: Date | null;
  leadUnitId: string;
  leadUserId: string | null;
  assignerId: string;
  assignerUnitId: string;
  assignerOnBehalfOfId: string | null;
  sourceType: NonNullable<TaskSummary['source']>['type'] | null;
  sourceId: string | null;
  parentId: string | null;
  version: number;
}

/** The columns of a {@link SummaryRow}; `t` is tasks. The names come from {@link TaskViews.named}. */
export const SUMMARY_COLUMNS = `t.id, t.title, t.state, t.priority, t.deadline, t.original_deadline AS "originalDeadline",
  t.issued_at AS "issuedAt", t.progress, t.blocked_since AS "blockedSince",
  t.late_for_deadline AS "lateForDeadline", t.lateness_count AS "latenessCount",
  t.urged_count AS "urgedCount", t.last_urged_at AS "lastUrgedAt",
  t.lead_unit_id AS "leadUnitId", t.lead_user_id AS "leadUserId", t.assigner_id AS "assignerId",
  t.assigner_unit_id AS "assignerUnitId", t.assigner_on_behalf_of_id AS "assignerOnBehalfOfId", t.source_type AS "sourceType", t.source_id AS "sourceId",
  t.parent_id AS "parentId", t.version`;

function toTaskSummary(
  row: SummaryRow,
  unitNames: ReadonlyMap<string, string>,
  userNames: ReadonlyMap<string, string>,
): TaskSummary {
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
    urgedCount: row.urgedCount,
    lastUrgedAt: row.lastUrgedAt?.toISOString() ?? null,
    lead: {
      unit: { id: row.leadUnitId, name: unitNames.get(row.leadUnitId) ?? '' },
      user: row.leadUserId ? { id: row.leadUserId, fullName: userNames.get(row.leadUserId) ?? '' } : null,
    },
    assigner: {
      id: row.assignerId,
      fullName: userNames.get(row.assignerId) ?? '',
      unitId: row.assignerUnitId,
      onBehalfOf: row.assignerOnBehalfOfId
        ? { id: row.assignerOnBehalfOfId, fullName: userNames.get(row.assignerOnBehalfOfId) ?? '' }
        : null,
    },
    source: row.sourceType && row.sourceId ? { type: row.sourceType, id: row.sourceId } : null,
    parentId: row.parentId,
    version: row.version,
  };
}

/** One who hears of a task: a person, or (`userId` null) the leaders of a unit. */
interface Holder {
  taskId: string;
  unitId: string;
  userId: string | null;
}

/**
 * Tasks as others see them: summaries with the names of their units (OrgTreeService) and
 * people (PeopleService), and who hears of them. Takes the caller's `em`: it runs inside
 * commands too.
 */
@Injectable()
export class TaskViews {
  constructor(
    private readonly people: PeopleService,
    private readonly tree: OrgTreeService,
  ) {}

  /** Summaries of `ids`, keyed by id: the tasks in one query, then their names. */
  async summaries(em: EntityManager, ids: readonly string[]): Promise<Map<string, TaskSummary>> {
    if (ids.length === 0) return new Map();
    const rows: SummaryRow[] = await em.query(
      `SELECT ${SUMMARY_COLUMNS} FROM tasks t WHERE t.id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map((await this.named(em, rows)).map((s) => [s.id, s]));
  }

  /** The summaries of `rows`, in their order, with the names of their lead units, leads and assigners (two queries). */
  async named(em: EntityManager, rows: readonly SummaryRow[]): Promise<TaskSummary[]> {
    if (rows.length === 0) return [];
    const units = await this.tree.units(
      rows.map((r) => r.leadUnitId),
      em,
    );
    const users = await this.people.namesOf(
      rows.flatMap((r) =>
        [r.assignerId, r.leadUserId, r.assignerOnBehalfOfId].filter((id): id is string => !!id),
      ),
      em,
    );
    const unitNames = new Map(units.map((u) => [u.id, u.name]));
    return rows.map((r) => toTaskSummary(r, unitNames, users));
  }

  /**
   * Everyone involved in each task: the assigner, the lead (the person, or the lead unit's
   * leaders), coordinators and informed parties (people, or their units' leaders). They get
   * its live events.
   */
  async involvedPeople(em: EntityManager, taskIds: readonly string[]): Promise<Map<string, string[]>> {
    const holders: Holder[] = await em.query(
      `SELECT t.id AS "taskId", t.lead_unit_id AS "unitId", t.lead_user_id AS "userId" FROM tasks t WHERE t.id = ANY($1::uuid[])
       UNION ALL SELECT t.id, t.assigner_unit_id, t.assigner_id FROM tasks t WHERE t.id = ANY($1::uuid[])
       UNION ALL SELECT p.task_id, p.unit_id, p.user_id FROM task_parties p WHERE p.task_id = ANY($1::uuid[])
       -- The leaders of a unit that annotated follow what their annotation started: a task from
       -- an annotation is assigned from the annotating unit (AssignTask.create, with the
       -- annotation's signing position), so its assigner's unit is the annotation's author unit.
       UNION ALL SELECT t.id, t.assigner_unit_id, NULL FROM tasks t
                  WHERE t.id = ANY($1::uuid[]) AND t.source_type = 'annotation'`,
      [taskIds],
    );
    return this.audiences(em, holders);
  }

  /**
   * Who answers for a task's deadline: the lead (the person, or the lead unit's leaders), the
   * head of the lead unit and, unless left out, the assigner.
   */
  async answerablePeople(
    em: EntityManager,
    taskIds: readonly string[],
    options: { assigner: boolean } = { assigner: true },
  ): Promise<Map<string, string[]>> {
    const holders: Holder[] = await em.query(
      `SELECT t.id AS "taskId", t.assigner_unit_id AS "unitId", t.assigner_id AS "userId" FROM tasks t
        WHERE t.id = ANY($1::uuid[]) AND $2
       UNION ALL SELECT t.id, t.lead_unit_id, t.lead_user_id FROM tasks t
                  WHERE t.id = ANY($1::uuid[]) AND t.lead_user_id IS NOT NULL
       UNION ALL SELECT t.id, t.lead_unit_id, NULL FROM tasks t WHERE t.id = ANY($1::uuid[])
       -- A task from an annotation is followed by the leaders of the annotating unit (their
       -- follow-up list moves with it), as the assigner follows their own; that unit is the
       -- assigner's unit (see involvedPeople).
       UNION ALL SELECT t.id, t.assigner_unit_id, NULL FROM tasks t
                  WHERE t.id = ANY($1::uuid[]) AND t.source_type = 'annotation' AND $2`,
      [taskIds, options.assigner],
    );
    return this.audiences(em, holders);
  }

  /** Per task, the people among `holders` and the leaders of the units named whole (one query). */
  private async audiences(em: EntityManager, holders: readonly Holder[]): Promise<Map<string, string[]>> {
    const whole = holders.filter((h) => h.userId === null).map((h) => h.unitId);
    const leaders = new Map<string, string[]>();
    for (const l of await this.people.positionHolders(whole, { roles: LEADING_ROLES }, em))
      leaders.set(l.unitId, [...(leaders.get(l.unitId) ?? []), l.userId]);
    const people = new Map<string, Set<string>>();
    for (const h of holders) {
      const audience = people.get(h.taskId) ?? new Set<string>();
      people.set(h.taskId, audience);
      for (const userId of h.userId !== null ? [h.userId] : (leaders.get(h.unitId) ?? []))
        audience.add(userId);
    }
    return new Map([...people].map(([taskId, audience]) => [taskId, [...audience].sort()]));
  }
}
