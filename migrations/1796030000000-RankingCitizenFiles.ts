import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The monthly ranking counts citizens' files beside tasks: each stored row keeps its files on time
 * and late (0 for months stored before, when files did not count). The rule sets' files weight
 * lives in their jsonb rules; sets without it read as weight 1 (withDefaults).
 */
export class RankingCitizenFiles1796030000000 implements MigrationInterface {
  name = 'RankingCitizenFiles1796030000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "monthly_rankings" ADD "file_on_time" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "monthly_rankings" ADD "file_late" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(
      `ALTER TABLE "monthly_rankings" ADD CONSTRAINT "monthly_rankings_file_figures_check" CHECK (file_on_time >= 0 AND file_late >= 0)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "monthly_rankings" DROP CONSTRAINT "monthly_rankings_file_figures_check"`,
    );
    await queryRunner.query(`ALTER TABLE "monthly_rankings" DROP COLUMN "file_late"`);
    await queryRunner.query(`ALTER TABLE "monthly_rankings" DROP COLUMN "file_on_time"`);
  }
}
