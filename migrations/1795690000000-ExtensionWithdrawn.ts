import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A pending extension request lapses (`withdrawn`) when its task is submitted, completed,
 * cancelled or gets a new deadline. Hand-written: TypeORM does not see a changed CHECK
 * expression under the same name.
 */
export class ExtensionWithdrawn1795690000000 implements MigrationInterface {
  name = 'ExtensionWithdrawn1795690000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "task_extensions" DROP CONSTRAINT "task_extensions_state_check"`);
    await queryRunner.query(
      `ALTER TABLE "task_extensions" ADD CONSTRAINT "task_extensions_state_check" CHECK (state IN ('pending', 'approved', 'refused', 'withdrawn'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "task_extensions" SET state = 'refused' WHERE state = 'withdrawn'`);
    await queryRunner.query(`ALTER TABLE "task_extensions" DROP CONSTRAINT "task_extensions_state_check"`);
    await queryRunner.query(
      `ALTER TABLE "task_extensions" ADD CONSTRAINT "task_extensions_state_check" CHECK (state IN ('pending', 'approved', 'refused'))`,
    );
  }
}
