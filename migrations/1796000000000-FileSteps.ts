import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A citizen's file moving through its steps (libs/one-stop): the step being handled, and the
 * clock stopped while the file waits for the citizen's papers (since when, why, days left).
 */
export class FileSteps1796000000000 implements MigrationInterface {
  name = 'FileSteps1796000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "citizen_files" ADD "current_step" smallint NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "citizen_files" ADD "paused_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "citizen_files" ADD "pause_reason" text`);
    await queryRunner.query(`ALTER TABLE "citizen_files" ADD "days_left" smallint`);
    await queryRunner.query(
      `ALTER TABLE "citizen_files" ADD "papers_requests" smallint NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(
      `ALTER TABLE "citizen_files" ADD CONSTRAINT "citizen_files_paused_check" CHECK ((state = 'awaiting_papers') = (paused_at IS NOT NULL))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "citizen_files" DROP CONSTRAINT "citizen_files_paused_check"`);
    await queryRunner.query(`ALTER TABLE "citizen_files" DROP COLUMN "papers_requests"`);
    await queryRunner.query(`ALTER TABLE "citizen_files" DROP COLUMN "days_left"`);
    await queryRunner.query(`ALTER TABLE "citizen_files" DROP COLUMN "pause_reason"`);
    await queryRunner.query(`ALTER TABLE "citizen_files" DROP COLUMN "paused_at"`);
    await queryRunner.query(`ALTER TABLE "citizen_files" DROP COLUMN "current_step"`);
  }
}
