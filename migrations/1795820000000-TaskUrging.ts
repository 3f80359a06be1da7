import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Urging a task (đôn đốc): the count and the last time on the task, for lists and the rate
 * limit, and each urging with its note in task_urgings, the task's history.
 */
export class TaskUrging1795820000000 implements MigrationInterface {
  name = 'TaskUrging1795820000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "tasks" ADD "urged_count" smallint NOT NULL DEFAULT 0, ADD "last_urged_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `CREATE TABLE "task_urgings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "task_id" uuid NOT NULL,
         "urged_by" uuid NOT NULL, "note" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
         CONSTRAINT "task_urgings_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "task_urgings_task_idx" ON "task_urgings" ("task_id", "created_at")`,
    );
    await queryRunner.query(
      `ALTER TABLE "task_urgings" ADD CONSTRAINT "task_urgings_task_fk" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "task_urgings"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "last_urged_at", DROP COLUMN "urged_count"`);
  }
}
