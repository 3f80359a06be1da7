import { Injectable } from '@nestjs/common';
import { keyedById } from '@lt/database';
import { InjectDataSource } from '@nestjs/typeorm';
import { LEADING_ROLES, Reader, ledUnitIds, ReadingRule } from '@lt/access';
import type { SearchMatch } from '@lt/common';
import { OrgTreeService } from '@lt/org';
import { PeopleService } from '@lt/people';
import { DataSource, EntityManager } from 'typeorm';
import type { TaskSourceType } from './task.entity';

/** What the reading rule looks at in a task: its people and units, and its parties. */
interface TaskFacts {
  id: string;
  assignerId: string;
  assignerUnitId: string;
  leadUnitId: string;
  leadUserId: string | null;
  sourceId: string | null;
  parties: { unitId: string; userId: string | null }[];
}

const FACTS_SQL = `
  SELECT t.id, t.assigner_id AS "assignerId", t.assigner_unit_id AS "assignerUnitId",
         t.lead_unit_id AS "leadUnitId", t.lead_user_id AS "leadUserId", t.source_id AS "sourceId",
         COALESCE((SELECT jsonb_agg(jsonb_build_object('unitId', p.unit_id, 'userId', p.user_id))
                     FROM task_parties p WHERE p.task_id = t.id), '[]'::jsonb) AS parties
    FROM tasks t`;

/** A role given to a person is theirs; one given to a whole unit is its leaders'. */
function holds(reader: Reader, led: readonly string[], unitId: string, userId: string | null): boolean {
  return userId !== null ? userId === reader.userId : led.includes(unitId);
}

/** Whether the reader holds a role in the task: assigner, lead, coordinator or informed. */
function holdsARole(reader: Reader, task: TaskFacts): boolean {
  const led = ledUnitIds(reader);
  return (
    task.assignerId === reader.userId ||
    holds(reader, led, task.leadUnitId, task.leadUserId) ||
    task.parties.some((p) => holds(reader, led, p.unitId, p.userId))
  );
}

/**
 * In SQL over this library's tables, for the search: whether the person `me`, who leads the
 * units `led`, holds a role in the tasks row `t`, or the row lies in their `reach` (the units
 * at or under those they lead) by its lead unit or its assigner's unit.
 */
const readableSql = (me: string, led: string, reach: string) =>
  `(t.assigner_id = ${me} OR t.lead_user_id = ${me}
    OR (t.lead_user_id IS NULL AND t.lead_unit_id = ANY(${led}))
    OR EXISTS (SELECT 1 FROM task_parties vp WHERE vp.task_id = t.id
                 AND (vp.user_id = ${me} OR (vp.user_id IS NULL AND vp.unit_id = ANY(${led}))))
    OR t.lead_unit_id = ANY(${reach}) OR t.assigner_unit_id = ANY(${reach}))`;

/**
 * Who may read a task, answered with data: whoever holds a role in it (assigner, lead,
 * coordinator, informed — a role given to a unit is held by its leaders), and whoever leads a
 * unit at or above its lead unit or its assigner's unit. Readers come with their positions
 * (PeopleService.enabledWithPositions); the org tree is asked through OrgTreeService.
 */
@Injectable()
export class TaskReaders extends ReadingRule {
  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly tree: OrgTreeService,
    private readonly people: PeopleService,
  ) {
    super(dataSource);
  }

  /** Those of `readers` who may read task `taskId` (none if there is no such task). */
  protected async selectReaders(
    taskId: string,
    readers: readonly Reader[],
    em: EntityManager,
  ): Promise<string[]> {
    const tasks = await this.facts(em, 't.id = $1', [taskId]);
    return [...((await this.readingPairs(em, tasks, readers)).get(taskId) ?? [])];
  }

  /** Those of `taskIds` that `reader` may read. */
  protected async selectReadable(
    reader: Reader,
    taskIds: readonly string[],
    em: EntityManager,
  ): Promise<string[]> {
    const tasks = await this.facts(em, 't.id = ANY($1::uuid[])', [taskIds]);
    const pairs = await this.readingPairs(em, tasks, [reader]);
    return taskIds.filter((id) => pairs.has(id));
  }

  /**
   * For the tasks started from `sourceIds` (of kind `sourceType`): which of `readers` holds a
   * role in one of them, by source. The leaders above see nothing through this.
   */
  async roleHoldersBySource(
    sourceType: TaskSourceType,
    sourceIds: readonly string[],
    readers: readonly Reader[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<{ sourceId: string; userId: string }[]> {
    if (sourceIds.length === 0 || readers.length === 0) return [];
    const tasks = await this.facts(em, 't.source_type = $1 AND t.source_id = ANY($2::uuid[])', [
      sourceType,
      sourceIds,
    ]);
    return tasks.flatMap((task) =>
      readers.filter((r) => holdsARole(r, task)).map((r) => ({ sourceId: task.sourceId!, userId: r.userId })),
    );
  }

  /** The sources (of kind `sourceType`) of every task in which `reader` holds a role. */
  async sourcesWithRole(
    sourceType: TaskSourceType,
    reader: Reader,
    em: EntityManager = this.dataSource.manager,
  ): Promise<string[]> {
    // One branch per way of holding a role, each on its own index: the cost is the person's
    // tasks, not all tasks.
    const rows: { sourceId: string }[] = await em.query(
      `SELECT DISTINCT t.source_id AS "sourceId" FROM tasks t
        WHERE t.source_type = $1 AND t.source_id IS NOT NULL AND t.id IN (
          SELECT id FROM tasks WHERE assigner_id = $2
          UNION SELECT id FROM tasks WHERE lead_user_id = $2
          UNION SELECT id FROM tasks WHERE lead_user_id IS NULL AND lead_unit_id = ANY($3::uuid[])
          UNION SELECT task_id FROM task_parties WHERE user_id = $2
          UNION SELECT task_id FROM task_parties WHERE user_id IS NULL AND unit_id = ANY($3::uuid[]))`,
      [sourceType, reader.userId, ledUnitIds(reader)],
    );
    return rows.map((r) => r.sourceId);
  }

  /**
   * The people a task involves: its assigner, its lead and its parties — for a role given to
   * a whole unit, that unit's (enabled) leaders. Empty if there is no such task.
   */
  async involved(taskId: string, em: EntityManager = this.dataSource.manager): Promise<string[]> {
    const [task] = await this.facts(em, 't.id = $1', [taskId]);
    if (!task) return [];
    const holders = [{ unitId: task.leadUnitId, userId: task.leadUserId }, ...task.parties];
    const wholeUnits = holders.filter((h) => h.userId === null).map((h) => h.unitId);
    const leaders = await this.people.positionHolders(wholeUnits, { roles: LEADING_ROLES }, em);
    return [
      ...new Set([
        task.assignerId,
        ...holders.flatMap((h) => (h.userId === null ? [] : [h.userId])),
        ...leaders.map((l) => l.userId),
      ]),
    ];
  }

  /** The titles of `taskIds` that exist, keyed by id, in the order the tasks were created. */
  titlesOf(
    taskIds: readonly string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, string>> {
    return keyedById(
      em,
      'SELECT id, title FROM tasks WHERE id = ANY($1::uuid[]) ORDER BY created_at, id',
      taskIds,
      (r: { id: string; title: string }) => r.title,
    );
  }

  /**
   * The tasks `reader` may read whose title or description matches `text` (folded by
   * `lt_fold`, as the GIN index tasks_search_idx of migration SearchIndexes), newest first.
   */
  async search(
    reader: Reader,
    text: string,
    limit: number,
    em: EntityManager = this.dataSource.manager,
  ): Promise<SearchMatch[]> {
    const led = ledUnitIds(reader);
    const reach = await this.tree.subtreeIds(led, em);
    return em.query(
      `SELECT t.id, t.title, t.title || ' ' || t.description AS text, t.issued_at AS at FROM tasks t
        WHERE to_tsvector('simple', lt_fold(t.title || ' ' || t.description)) @@ websearch_to_tsquery('simple', lt_fold($4))
          AND ${readableSql('$1::uuid', '$2::uuid[]', '$3::uuid[]')}
        ORDER BY t.issued_at DESC LIMIT $5`,
      [reader.userId, led, reach, text, limit],
    );
  }

  private facts(em: EntityManager, where: string, params: unknown[]): Promise<TaskFacts[]> {
    return em.query(`${FACTS_SQL} WHERE ${where}`, params);
  }

  /** For each of `tasks`, which of `readers` may read it: roles first, then the tree. */
  private async readingPairs(
    em: EntityManager,
    tasks: readonly TaskFacts[],
    readers: readonly Reader[],
  ): Promise<Map<string, Set<string>>> {
    const result = new Map<string, Set<string>>();
    const add = (taskId: string, userId: string) =>
      (result.get(taskId) ?? result.set(taskId, new Set()).get(taskId)!).add(userId);
    const open: { task: TaskFacts; reader: Reader; led: string[] }[] = [];
    for (const task of tasks)
      for (const reader of readers) {
        if (holdsARole(reader, task)) add(task.id, reader.userId);
        else if (ledUnitIds(reader).length > 0) open.push({ task, reader, led: ledUnitIds(reader) });
      }
    if (open.length === 0) return result;
    const pairs = await this.tree.ancestryPairs(
      [...new Set(open.flatMap((o) => o.led))],
      [...new Set(open.flatMap((o) => [o.task.leadUnitId, o.task.assignerUnitId]))],
      em,
    );
    const above = new Set(pairs.map((p) => `${p.ancestorId} ${p.unitId}`));
    for (const { task, reader, led } of open)
      if (led.some((l) => above.has(`${l} ${task.leadUnitId}`) || above.has(`${l} ${task.assignerUnitId}`)))
        add(task.id, reader.userId);
    return result;
  }
}
