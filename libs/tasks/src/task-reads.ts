import { Injectable } from '@nestjs/common';
import { keyedById } from '@lt/database';
import { InjectDataSource } from '@nestjs/typeorm';
import { Principal } from '@lt/access';
import { DataSource, EntityManager, In } from 'typeorm';
import { TaskEntity, TaskPartyEntity, TaskSourceType } from './task.entity';
import type { TaskState } from './task-state-machine';
import { TaskReaders } from './task-readers';
import { rolesIn, TaskRole } from './task-views';

/** A task as a handling trail tells it (libs/annotations DocumentTrail). */
export interface TaskTrailRecord {
  id: string;
  title: string;
  createdAt: Date;
  completedAt: Date | null;
  assignerId: string;
  leadUnitId: string;
  leadUserId: string | null;
}

/** A report on a task as a handling trail tells it. */
export interface TaskReportRecord {
  id: string;
  taskId: string;
  createdAt: Date;
  authorId: string;
  text: string;
  percent: number | null;
}

/** Where a task started from a source stands: what a follow-up of that source counts. */
export interface SourcedTaskProgress {
  id: string;
  sourceId: string;
  state: TaskState;
  deadline: Date;
  leadUnitId: string;
}

/**
 * Named reads of tasks for the libraries built on them (annotations, documents): they answer
 * with data over the tasks library's own tables, for a whole list at once, so no other
 * library needs the tasks tables or an SQL fragment of their rules.
 */
@Injectable()
export class TaskReads {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly readers: TaskReaders,
  ) {}

  /** For each of `taskIds` that exists, the principal's roles in it ({@link rolesIn}; empty when none). */
  async rolesAmong(
    principal: Principal,
    taskIds: readonly string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, Set<TaskRole>>> {
    const { tasks, partiesOf } = await this.withParties(taskIds, em);
    return new Map(tasks.map((t) => [t.id, rolesIn(principal, t, partiesOf(t.id))]));
  }

  /** Which of `taskIds` the principal may open: the one reading rule, {@link TaskReaders}. */
  async visibleAmong(
    principal: Principal,
    taskIds: readonly string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<Set<string>> {
    return new Set(await this.readers.readableBy(principal, taskIds, em));
  }

  /** The task each of `reportIds` reports on, keyed by report id. */
  tasksOfReports(reportIds: readonly string[], em: EntityManager = this.dataSource.manager) {
    return keyedById(
      em,
      'SELECT id, task_id AS "taskId" FROM task_reports WHERE id = ANY($1::uuid[])',
      reportIds,
      (r: { id: string; taskId: string }) => r.taskId,
    );
  }

  /** Every task started from one of `sourceIds` (of `sourceType`), with what its follow-up counts. */
  async fromSources(
    sourceType: TaskSourceType,
    sourceIds: readonly string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<SourcedTaskProgress[]> {
    if (sourceIds.length === 0) return [];
    return em.query(
      `SELECT id, source_id AS "sourceId", state, deadline, lead_unit_id AS "leadUnitId" FROM tasks
        WHERE source_type = $1 AND source_id = ANY($2::uuid[])`,
      [sourceType, [...new Set(sourceIds)]],
    );
  }

  /** Which of `sourceIds` (of `sourceType`) started a task led by one of `unitIds`. */
  async sourcesLedIn(
    sourceType: TaskSourceType,
    sourceIds: readonly string[],
    unitIds: readonly string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<Set<string>> {
    if (sourceIds.length === 0 || unitIds.length === 0) return new Set();
    const rows: { sourceId: string }[] = await em.query(
      `SELECT DISTINCT source_id AS "sourceId" FROM tasks
        WHERE source_type = $1 AND source_id = ANY($2::uuid[]) AND lead_unit_id = ANY($3::uuid[])`,
      [sourceType, [...new Set(sourceIds)], [...new Set(unitIds)]],
    );
    return new Set(rows.map((r) => r.sourceId));
  }

  /** The sub-tasks of `taskIds`, however deep (the tasks themselves left out). */
  async descendantsOf(
    taskIds: readonly string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<string[]> {
    if (taskIds.length === 0) return [];
    const rows: { id: string }[] = await em.query(
      `WITH RECURSIVE down(id) AS (
         SELECT id FROM tasks WHERE parent_id = ANY($1::uuid[])
         UNION SELECT t.id FROM tasks t JOIN down d ON t.parent_id = d.id)
       SELECT id FROM down`,
      [[...new Set(taskIds)]],
    );
    return rows.map((r) => r.id);
  }

  /** The tasks `taskIds` as a handling trail tells them. */
  async trailRecords(
    taskIds: readonly string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<TaskTrailRecord[]> {
    if (taskIds.length === 0) return [];
    return em.query(
      `SELECT id, title, created_at AS "createdAt", completed_at AS "completedAt", assigner_id AS "assignerId",
              lead_unit_id AS "leadUnitId", lead_user_id AS "leadUserId"
         FROM tasks WHERE id = ANY($1::uuid[])`,
      [[...new Set(taskIds)]],
    );
  }

  /** Every report on `taskIds`. */
  async reportsOn(
    taskIds: readonly string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<TaskReportRecord[]> {
    if (taskIds.length === 0) return [];
    return em.query(
      `SELECT id, task_id AS "taskId", created_at AS "createdAt", author_id AS "authorId", text, percent
         FROM task_reports WHERE task_id = ANY($1::uuid[])`,
      [[...new Set(taskIds)]],
    );
  }

  /** Which of `taskIds` are led or were assigned in `unitId`. */
  async ofUnitAmong(
    taskIds: readonly string[],
    unitId: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<Set<string>> {
    if (taskIds.length === 0) return new Set();
    const rows: { id: string }[] = await em.query(
      'SELECT id FROM tasks WHERE id = ANY($1::uuid[]) AND (lead_unit_id = $2 OR assigner_unit_id = $2)',
      [[...new Set(taskIds)], unitId],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** The tasks led or assigned in `unitId` and not cancelled, newest first, at most `limit`. */
  async liveOfUnit(
    unitId: string,
    limit: number,
    em: EntityManager = this.dataSource.manager,
  ): Promise<{ id: string; title: string; state: TaskState; deadline: Date }[]> {
    return em.query(
      `SELECT id, title, state, deadline FROM tasks
        WHERE (lead_unit_id = $1 OR assigner_unit_id = $1) AND state <> 'cancelled'
        ORDER BY issued_at DESC LIMIT $2`,
      [unitId, limit],
    );
  }

  private async withParties(taskIds: readonly string[], em: EntityManager) {
    const ids = [...new Set(taskIds)];
    const tasks = ids.length === 0 ? [] : await em.find(TaskEntity, { where: { id: In(ids) } });
    const parties =
      tasks.length === 0
        ? []
        : await em.find(TaskPartyEntity, { where: { taskId: In(tasks.map((t) => t.id)) } });
    const byTask = new Map<string, TaskPartyEntity[]>();
    for (const p of parties) {
      const list = byTask.get(p.taskId);
      if (list) list.push(p);
      else byTask.set(p.taskId, [p]);
    }
    return { tasks, partiesOf: (id: string) => byTask.get(id) ?? [] };
  }
}
