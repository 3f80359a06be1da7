import { MigrationInterface, QueryRunner } from 'typeorm';

/** OrgTreeService's lock on the tree's structure (libs/org/src/org-tree.service.ts). */
const ORG_TREE_LOCK = 7_405_112_027;

const COUNTERS = 'assigned, done_on_time, done_late, open, open_marked';

/** The five counters of a bucket from a category `c` (task_summary_category) and a sign. */
const SUMS = (c: string, sign: string) => [
  `sum(${sign} * (${c} > 0)::int)`,
  `sum(${sign} * (${c} = 1)::int)`,
  `sum(${sign} * (${c} = 2)::int)`,
  `sum(${sign} * (${c} >= 3)::int)`,
  `sum(${sign} * (${c} = 4)::int)`,
];
const COUNTS = (c: string, sign: string) =>
  SUMS(c, sign)
    .map((e, i) => `${e} AS ${COUNTERS.split(', ')[i]}`)
    .join(', ');
const NONZERO = (c: string, sign: string) =>
  SUMS(c, sign)
    .map((e) => `${e} <> 0`)
    .join(' OR ');
const CATEGORY = (t: string) =>
  `task_summary_category(${t}.state, ${t}.deadline, ${t}.submitted_at, ${t}.late_for_deadline)`;

/**
 * Per-unit changes `b(unit_id, month, <counters>)` spread to every ancestor of the unit, itself
 * included, and appended as deltas.
 */
const APPEND_TO_ANCESTORS = (buckets: string) => `
  INSERT INTO task_summary_deltas (unit_id, month, ${COUNTERS})
  SELECT c.ancestor_id, b.month, sum(b.assigned), sum(b.done_on_time), sum(b.done_late), sum(b.open), sum(b.open_marked)
    FROM (${buckets}) b JOIN org_unit_closure c ON c.descendant_id = b.unit_id
   GROUP BY c.ancestor_id, b.month
  HAVING sum(b.assigned) <> 0 OR sum(b.done_on_time) <> 0 OR sum(b.done_late) <> 0 OR sum(b.open) <> 0
      OR sum(b.open_marked) <> 0`;

/** The changed buckets of a statement's rows `rows` (a transition table), each counted with `sign`. */
const BUCKETS = (rows: string, sign: string) => `
  SELECT d.unit_id, d.month, ${COUNTS('d.c', sign)}
    FROM (SELECT r.lead_unit_id AS unit_id, task_summary_month(r.issued_at) AS month, ${CATEGORY('r')} AS c
            FROM ${rows} r) d
   WHERE d.c > 0
   GROUP BY d.unit_id, d.month`;

/** Rows of an UPDATE whose unit, month or category changed: out of the old bucket, into the new one. */
const UPDATE_BUCKETS = `
  SELECT d.unit_id, d.month, ${COUNTS('d.c', 'd.sign')}
    FROM old_rows o JOIN new_rows n ON n.id = o.id
   CROSS JOIN LATERAL (VALUES
       (o.lead_unit_id, task_summary_month(o.issued_at), ${CATEGORY('o')}, -1),
       (n.lead_unit_id, task_summary_month(n.issued_at), ${CATEGORY('n')}, 1)
     ) AS d(unit_id, month, c, sign)
   WHERE (o.lead_unit_id, task_summary_month(o.issued_at), ${CATEGORY('o')})
         IS DISTINCT FROM (n.lead_unit_id, task_summary_month(n.issued_at), ${CATEGORY('n')})
   GROUP BY d.unit_id, d.month
  HAVING ${NONZERO('d.c', 'd.sign')}`;

/** The tasks led by the descendants of the closure pairs `pairs`, per pair's ancestor and month, with `sign`. */
const PAIR_BUCKETS = (pairs: string, sign: string) => `
  SELECT p.ancestor_id AS unit_id, d.month, ${COUNTS('d.c', sign)}
    FROM ${pairs} p
    JOIN (SELECT t.lead_unit_id, task_summary_month(t.issued_at) AS month, ${CATEGORY('t')} AS c
            FROM tasks t WHERE t.lead_unit_id IN (SELECT descendant_id FROM ${pairs})) d
      ON d.lead_unit_id = p.descendant_id
   WHERE d.c > 0
   GROUP BY p.ancestor_id, d.month`;

/**
 * The task summary table (docs/reporting.md): counts per unit and month of issue rolled up
 * over the unit's subtree (`task_summary_stats`), changes to them appended by triggers
 * (`task_summary_deltas`) and folded in by the worker, backfilled here; and two partial
 * indexes on tasks through which the read corrects the overdue figure to the moment of the
 * query.
 *
 * Writers only insert: a task that changes category appends one delta per ancestor of its
 * lead unit (city, district, ward: three small rows), so no two writers ever wait on the same
 * counter row, however hot the city's month is, and nothing can deadlock. A statement that
 * changes no category (progress reports, versions, parent progress) appends nothing. The
 * triggers are statement-level with transition tables: the worker marking 500 tasks or a bulk
 * import appends one aggregated set.
 *
 * The tree can change under the counts: a move rewrites closure rows, and the triggers on
 * `org_unit_closure` move the counts of the units concerned with them (from `tasks`). Task
 * writers hold ORG_TREE_LOCK shared from their first change to commit, tree changes hold it
 * exclusively (OrgTreeService takes it; the triggers take it too): a task change is counted
 * under the tree its transaction commits against.
 */
export class TaskSummaryStats1795730000000 implements MigrationInterface {
  name = 'TaskSummaryStats1795730000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Nothing may change between the backfill and the triggers taking over.
    await queryRunner.query(`SELECT pg_advisory_xact_lock(${ORG_TREE_LOCK})`);
    await queryRunner.query(`LOCK TABLE "tasks", "org_unit_closure" IN SHARE ROW EXCLUSIVE MODE`);
    await queryRunner.query(
      `CREATE TABLE "task_summary_stats" ("unit_id" uuid NOT NULL, "month" date NOT NULL, "assigned" integer NOT NULL DEFAULT '0', "done_on_time" integer NOT NULL DEFAULT '0', "done_late" integer NOT NULL DEFAULT '0', "open" integer NOT NULL DEFAULT '0', "open_marked" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_ff77d025e88cd5e0c740a63f57f" PRIMARY KEY ("unit_id", "month"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "task_summary_stats" ADD CONSTRAINT "task_summary_stats_unit_fk" FOREIGN KEY ("unit_id") REFERENCES "org_units"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "task_summary_deltas" ("id" BIGSERIAL NOT NULL, "unit_id" uuid NOT NULL, "month" date NOT NULL, "assigned" integer NOT NULL, "done_on_time" integer NOT NULL, "done_late" integer NOT NULL, "open" integer NOT NULL, "open_marked" integer NOT NULL, CONSTRAINT "PK_b731daad8dbec2fdac338fe89d4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "task_summary_deltas_unit_idx" ON "task_summary_deltas" ("unit_id", "month") `,
    );
    await queryRunner.query(
      `CREATE INDEX "tasks_overdue_marked_idx" ON "tasks" ("deadline") WHERE state IN ('assigned', 'accepted', 'in_progress') AND late_for_deadline = deadline`,
    );
    await queryRunner.query(
      `CREATE INDEX "tasks_overdue_unmarked_idx" ON "tasks" ("deadline") WHERE state IN ('assigned', 'accepted', 'in_progress') AND late_for_deadline IS DISTINCT FROM deadline`,
    );
    await queryRunner.query(
      `CREATE FUNCTION task_summary_month(issued_at timestamptz) RETURNS date
         LANGUAGE sql IMMUTABLE PARALLEL SAFE
         AS $$ SELECT date_trunc('month', issued_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date $$`,
    );
    await queryRunner.query(
      `COMMENT ON FUNCTION task_summary_month(timestamptz) IS
         'The month (its first day) a task issued at this instant counts in: Vietnam time.'`,
    );
    await queryRunner.query(
      `CREATE FUNCTION task_summary_category(state varchar, deadline timestamptz, submitted_at timestamptz,
                                             late_for_deadline timestamptz) RETURNS smallint
         LANGUAGE sql IMMUTABLE PARALLEL SAFE
         AS $$ SELECT (CASE
                 WHEN state IN ('submitted', 'completed') THEN CASE WHEN submitted_at <= deadline THEN 1 ELSE 2 END
                 WHEN state IN ('assigned', 'accepted', 'in_progress') THEN CASE WHEN late_for_deadline = deadline THEN 4 ELSE 3 END
                 ELSE 0 END)::smallint $$`,
    );
    await queryRunner.query(
      `COMMENT ON FUNCTION task_summary_category(varchar, timestamptz, timestamptz, timestamptz) IS
         'The task summary bucket: 0 not counted (cancelled, returned), 1 done on time, 2 done late, 3 open, 4 open with its lateness recorded.'`,
    );
    await queryRunner.query(
      `CREATE FUNCTION task_summary_track_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'UPDATE' THEN
           -- Most updates (progress, versions) move no task between buckets: nothing to do.
           IF NOT EXISTS (
               SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
                WHERE (o.lead_unit_id, task_summary_month(o.issued_at), ${CATEGORY('o')})
                      IS DISTINCT FROM (n.lead_unit_id, task_summary_month(n.issued_at), ${CATEGORY('n')})) THEN
             RETURN NULL;
           END IF;
           -- Count under the tree this transaction commits against (a separate statement, so
           -- the closure is read after the lock is held).
           PERFORM pg_advisory_xact_lock_shared(${ORG_TREE_LOCK});
           ${APPEND_TO_ANCESTORS(UPDATE_BUCKETS)};
         ELSIF TG_OP = 'INSERT' THEN
           PERFORM pg_advisory_xact_lock_shared(${ORG_TREE_LOCK});
           ${APPEND_TO_ANCESTORS(BUCKETS('new_rows', '1'))};
         ELSE
           PERFORM pg_advisory_xact_lock_shared(${ORG_TREE_LOCK});
           ${APPEND_TO_ANCESTORS(BUCKETS('old_rows', '-1'))};
         END IF;
         RETURN NULL;
       END $$`,
    );
    for (const [event, referencing] of [
      ['INSERT', 'NEW TABLE AS new_rows'],
      ['UPDATE', 'OLD TABLE AS old_rows NEW TABLE AS new_rows'],
      ['DELETE', 'OLD TABLE AS old_rows'],
    ])
      await queryRunner.query(
        `CREATE TRIGGER task_summary_${event.toLowerCase()} AFTER ${event} ON "tasks" REFERENCING ${referencing}
           FOR EACH STATEMENT EXECUTE FUNCTION task_summary_track_tasks()`,
      );
    await queryRunner.query(
      `CREATE FUNCTION task_summary_reset() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         PERFORM pg_advisory_xact_lock(${ORG_TREE_LOCK});
         DELETE FROM task_summary_deltas;
         DELETE FROM task_summary_stats;
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER task_summary_truncate AFTER TRUNCATE ON "tasks"
         FOR EACH STATEMENT EXECUTE FUNCTION task_summary_reset()`,
    );
    // A unit that gains ancestors brings its tasks' counts to them; one that loses some takes them away.
    await queryRunner.query(
      `CREATE FUNCTION task_summary_track_tree() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         PERFORM pg_advisory_xact_lock(${ORG_TREE_LOCK});
         IF TG_OP = 'INSERT' THEN
           INSERT INTO task_summary_deltas (unit_id, month, ${COUNTERS})
           ${PAIR_BUCKETS('new_pairs', '1')};
         ELSE
           INSERT INTO task_summary_deltas (unit_id, month, ${COUNTERS})
           ${PAIR_BUCKETS('old_pairs', '-1')};
         END IF;
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER task_summary_tree_insert AFTER INSERT ON "org_unit_closure" REFERENCING NEW TABLE AS new_pairs
         FOR EACH STATEMENT EXECUTE FUNCTION task_summary_track_tree()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER task_summary_tree_delete AFTER DELETE ON "org_unit_closure" REFERENCING OLD TABLE AS old_pairs
         FOR EACH STATEMENT EXECUTE FUNCTION task_summary_track_tree()`,
    );
    // The tasks there are already.
    await queryRunner.query(
      `INSERT INTO task_summary_stats (unit_id, month, ${COUNTERS})
       ${PAIR_BUCKETS('org_unit_closure', '1')}`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER task_summary_tree_delete ON "org_unit_closure"`);
    await queryRunner.query(`DROP TRIGGER task_summary_tree_insert ON "org_unit_closure"`);
    await queryRunner.query(`DROP FUNCTION task_summary_track_tree()`);
    await queryRunner.query(`DROP TRIGGER task_summary_truncate ON "tasks"`);
    await queryRunner.query(`DROP FUNCTION task_summary_reset()`);
    for (const event of ['insert', 'update', 'delete'])
      await queryRunner.query(`DROP TRIGGER task_summary_${event} ON "tasks"`);
    await queryRunner.query(`DROP FUNCTION task_summary_track_tasks()`);
    await queryRunner.query(
      `DROP FUNCTION task_summary_category(varchar, timestamptz, timestamptz, timestamptz)`,
    );
    await queryRunner.query(`DROP FUNCTION task_summary_month(timestamptz)`);
    await queryRunner.query(`DROP INDEX "public"."tasks_overdue_unmarked_idx"`);
    await queryRunner.query(`DROP INDEX "public"."tasks_overdue_marked_idx"`);
    await queryRunner.query(`DROP INDEX "public"."task_summary_deltas_unit_idx"`);
    await queryRunner.query(`DROP TABLE "task_summary_deltas"`);
    await queryRunner.query(`ALTER TABLE "task_summary_stats" DROP CONSTRAINT "task_summary_stats_unit_fk"`);
    await queryRunner.query(`DROP TABLE "task_summary_stats"`);
  }
}
