import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One lateness mechanism for tasks and citizens' files (@lt/lateness): task_latenesses becomes
 * latenesses and discipline cases name their subject by type and id (as the audit log does),
 * every existing row a task's; a case keeps the late person for the ranking. Citizens' files
 * count their latenesses and wait, blocked, for the apology letter.
 */
export class SharedLateness1796010000000 implements MigrationInterface {
  name = 'SharedLateness1796010000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "task_latenesses" DROP CONSTRAINT "task_latenesses_task_fk"`);
    await queryRunner.query(`ALTER TABLE "discipline_cases" DROP CONSTRAINT "discipline_cases_task_fk"`);
    await queryRunner.query(`DROP INDEX "public"."task_latenesses_number_key"`);
    await queryRunner.query(`ALTER TABLE "task_latenesses" RENAME TO "latenesses"`);
    await queryRunner.query(`ALTER TABLE "latenesses" RENAME COLUMN "task_id" TO "subject_id"`);
    await queryRunner.query(
      `ALTER TABLE "latenesses" ADD "subject_type" character varying(16) NOT NULL DEFAULT 'task'`,
    );
    await queryRunner.query(`ALTER TABLE "latenesses" ALTER COLUMN "subject_type" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "latenesses" ADD "unit_id" uuid`);
    await queryRunner.query(`ALTER TABLE "latenesses" ADD "new_due_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "latenesses" ALTER COLUMN "addressed_to" DROP NOT NULL`);
    await queryRunner.query(
      `UPDATE latenesses l SET unit_id = t.lead_unit_id FROM tasks t WHERE t.id = l.subject_id`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "latenesses_number_key" ON "latenesses" ("subject_type", "subject_id", "number") `,
    );
    await queryRunner.query(
      `ALTER TABLE "latenesses" ADD CONSTRAINT "latenesses_subject_type_check" CHECK (subject_type IN ('task', 'citizen_file'))`,
    );
    await queryRunner.query(`ALTER TABLE "discipline_cases" RENAME COLUMN "task_id" TO "subject_id"`);
    await queryRunner.query(
      `ALTER TABLE "discipline_cases" ADD "subject_type" character varying(16) NOT NULL DEFAULT 'task'`,
    );
    await queryRunner.query(`ALTER TABLE "discipline_cases" ALTER COLUMN "subject_type" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "discipline_cases" ADD "user_id" uuid`);
    await queryRunner.query(
      `UPDATE discipline_cases dc SET user_id = t.lead_user_id FROM tasks t WHERE t.id = dc.subject_id`,
    );
    await queryRunner.query(`ALTER TABLE "citizen_files" ADD "lateness_count" smallint NOT NULL DEFAULT '0'`);
    await queryRunner.query(
      `ALTER TABLE "citizen_files" ADD "late_for_appointment" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(`ALTER TABLE "citizen_files" ADD "blocked_since" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "citizen_files" DROP COLUMN "blocked_since"`);
    await queryRunner.query(`ALTER TABLE "citizen_files" DROP COLUMN "late_for_appointment"`);
    await queryRunner.query(`ALTER TABLE "citizen_files" DROP COLUMN "lateness_count"`);
    // What a file's lateness recorded has no place in the tasks' tables.
    await queryRunner.query(`DELETE FROM discipline_cases WHERE subject_type <> 'task'`);
    await queryRunner.query(`DELETE FROM latenesses WHERE subject_type <> 'task'`);
    await queryRunner.query(`ALTER TABLE "discipline_cases" DROP COLUMN "user_id"`);
    await queryRunner.query(`ALTER TABLE "discipline_cases" DROP COLUMN "subject_type"`);
    await queryRunner.query(`ALTER TABLE "discipline_cases" RENAME COLUMN "subject_id" TO "task_id"`);
    await queryRunner.query(`ALTER TABLE "latenesses" DROP CONSTRAINT "latenesses_subject_type_check"`);
    await queryRunner.query(`DROP INDEX "public"."latenesses_number_key"`);
    await queryRunner.query(`ALTER TABLE "latenesses" ALTER COLUMN "addressed_to" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "latenesses" DROP COLUMN "new_due_at"`);
    await queryRunner.query(`ALTER TABLE "latenesses" DROP COLUMN "unit_id"`);
    await queryRunner.query(`ALTER TABLE "latenesses" DROP COLUMN "subject_type"`);
    await queryRunner.query(`ALTER TABLE "latenesses" RENAME COLUMN "subject_id" TO "task_id"`);
    await queryRunner.query(`ALTER TABLE "latenesses" RENAME TO "task_latenesses"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "task_latenesses_number_key" ON "task_latenesses" ("task_id", "number") `,
    );
    await queryRunner.query(
      `ALTER TABLE "discipline_cases" ADD CONSTRAINT "discipline_cases_task_fk" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "task_latenesses" ADD CONSTRAINT "task_latenesses_task_fk" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }
}
