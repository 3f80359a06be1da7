import { MigrationInterface, QueryRunner } from 'typeorm';

const OWED = `('assigned', 'accepted', 'in_progress')`;

/**
 * Recounts the progress rows of the annotations `ids` (an SQL expression yielding annotation
 * ids) from their tasks. The rows are locked first, in a statement of their own, so the
 * recount (the next statement, a fresh snapshot) sees every transaction that changed the
 * same annotation's tasks and committed before this one got the lock: two leads acting on
 * tasks of one annotation at once never leave it counted from a stale view.
 */
const REFRESH = (ids: string) => `
  PERFORM 1 FROM annotation_progress WHERE annotation_id IN (${ids}) ORDER BY annotation_id FOR UPDATE;
  INSERT INTO annotation_progress (annotation_id, author_id, author_unit_id, created_at, owed, done, returned,
                                   cancelled, next_deadline)
  SELECT a.id, a.author_id, a.author_unit_id, a.created_at,
         count(*) FILTER (WHERE t.state IN ${OWED}),
         count(*) FILTER (WHERE t.state IN ('submitted', 'completed')),
         count(*) FILTER (WHERE t.state = 'returned'),
         count(*) FILTER (WHERE t.state = 'cancelled'),
         min(t.deadline) FILTER (WHERE t.state IN ${OWED})
    FROM annotations a JOIN tasks t ON t.source_type = 'annotation' AND t.source_id = a.id
   WHERE a.id IN (${ids})
   GROUP BY a.id
  ON CONFLICT (annotation_id) DO UPDATE SET owed = EXCLUDED.owed, done = EXCLUDED.done,
     returned = EXCLUDED.returned, cancelled = EXCLUDED.cancelled, next_deadline = EXCLUDED.next_deadline;`;

/**
 * The annotation follow-up's read model (AnnotationProgressEntity): per annotation that
 * assigned work, its tasks counted by where they stand and the nearest deadline owed, kept by
 * a statement-level trigger on `tasks` that only acts when a task from an annotation changes
 * state, deadline or source. With it a leader's list costs one narrow row per annotation
 * (bench:dashboard (d)); the status is still judged against the clock at read time.
 */
export class AnnotationProgress1795750000000 implements MigrationInterface {
  name = 'AnnotationProgress1795750000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`LOCK TABLE "tasks" IN SHARE ROW EXCLUSIVE MODE`);
    await queryRunner.query(
      `CREATE TABLE "annotation_progress" ("annotation_id" uuid NOT NULL, "author_id" uuid NOT NULL, "author_unit_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "owed" integer NOT NULL, "done" integer NOT NULL, "returned" integer NOT NULL, "cancelled" integer NOT NULL, "next_deadline" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_annotation_progress" PRIMARY KEY ("annotation_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "annotation_progress_unit_idx" ON "annotation_progress" ("author_unit_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "annotation_progress_author_idx" ON "annotation_progress" ("author_id", "created_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "annotation_progress" ADD CONSTRAINT "annotation_progress_annotation_fk" FOREIGN KEY ("annotation_id") REFERENCES "annotations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE FUNCTION annotation_progress_track_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
       DECLARE
         touched uuid[];
       BEGIN
         IF TG_OP = 'INSERT' THEN
           touched := ARRAY(SELECT DISTINCT source_id FROM new_rows WHERE source_type = 'annotation');
         ELSE
           -- Progress reports, versions and lateness bookkeeping change nothing counted here.
           touched := ARRAY(
             SELECT DISTINCT x.id FROM old_rows o JOIN new_rows n ON n.id = o.id
              CROSS JOIN LATERAL (VALUES (CASE WHEN o.source_type = 'annotation' THEN o.source_id END),
                                         (CASE WHEN n.source_type = 'annotation' THEN n.source_id END)) AS x(id)
              WHERE x.id IS NOT NULL
                AND (o.state, o.deadline, o.source_type, o.source_id) IS DISTINCT FROM
                    (n.state, n.deadline, n.source_type, n.source_id));
         END IF;
         IF cardinality(touched) > 0 THEN
           ${REFRESH('SELECT unnest(touched)')}
         END IF;
         RETURN NULL;
       END $$`,
    );
    for (const [event, referencing] of [
      ['INSERT', 'NEW TABLE AS new_rows'],
      ['UPDATE', 'OLD TABLE AS old_rows NEW TABLE AS new_rows'],
    ])
      await queryRunner.query(
        `CREATE TRIGGER annotation_progress_${event.toLowerCase()} AFTER ${event} ON "tasks" REFERENCING ${referencing}
           FOR EACH STATEMENT EXECUTE FUNCTION annotation_progress_track_tasks()`,
      );
    // The annotations already there.
    await queryRunner.query(
      `DO $$ BEGIN ${REFRESH(`SELECT id FROM annotations WHERE cardinality(task_ids) > 0`)} END $$`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER annotation_progress_update ON "tasks"`);
    await queryRunner.query(`DROP TRIGGER annotation_progress_insert ON "tasks"`);
    await queryRunner.query(`DROP FUNCTION annotation_progress_track_tasks()`);
    await queryRunner.query(`DROP TABLE "annotation_progress"`);
  }
}
