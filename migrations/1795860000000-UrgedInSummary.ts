import { MigrationInterface, QueryRunner } from 'typeorm';

/** The task summary's "times urged" (số lần đôn đốc) reads only the tasks ever urged, by issue. */
export class UrgedInSummary1795860000000 implements MigrationInterface {
  name = 'UrgedInSummary1795860000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "tasks_urged_idx" ON "tasks" ("issued_at") WHERE urged_count > 0`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."tasks_urged_idx"`);
  }
}
