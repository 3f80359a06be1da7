import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The delegator named on the remaining records made thừa ủy quyền: an annotation signed with a
 * delegated leader's post, and a discipline decision taken with a delegated head's post.
 */
export class ActingForRecords1795980000000 implements MigrationInterface {
  name = 'ActingForRecords1795980000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "discipline_cases" ADD "decided_on_behalf_of_id" uuid`);
    await queryRunner.query(`ALTER TABLE "annotations" ADD "author_on_behalf_of_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "discipline_cases" ADD CONSTRAINT "discipline_cases_decided_on_behalf_of_fk" FOREIGN KEY ("decided_on_behalf_of_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "annotations" ADD CONSTRAINT "annotations_author_on_behalf_of_fk" FOREIGN KEY ("author_on_behalf_of_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "annotations" DROP CONSTRAINT "annotations_author_on_behalf_of_fk"`);
    await queryRunner.query(
      `ALTER TABLE "discipline_cases" DROP CONSTRAINT "discipline_cases_decided_on_behalf_of_fk"`,
    );
    await queryRunner.query(`ALTER TABLE "annotations" DROP COLUMN "author_on_behalf_of_id"`);
    await queryRunner.query(`ALTER TABLE "discipline_cases" DROP COLUMN "decided_on_behalf_of_id"`);
  }
}
