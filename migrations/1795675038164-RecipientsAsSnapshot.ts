import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Directive receipts become a snapshot without foreign keys: they are written only by the
 * statement that issues a directive, copied from rows it has just joined, and the per-row key
 * checks (with the row locks they take on every recipient's user and unit) were three quarters
 * of the time to issue a city-wide directive (bench:fanout). The (directive, unit) index served
 * no query: progress reads a directive's rows by the primary key. Unit deletion checks this
 * table itself (unit-administration.service.ts).
 */

export class RecipientsAsSnapshot1795675038164 implements MigrationInterface {
  name = 'RecipientsAsSnapshot1795675038164';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "directive_recipients" DROP CONSTRAINT "directive_recipients_directive_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "directive_recipients" DROP CONSTRAINT "directive_recipients_user_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "directive_recipients" DROP CONSTRAINT "directive_recipients_unit_fk"`,
    );
    await queryRunner.query(`DROP INDEX "public"."directive_recipients_unit_idx"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "directive_recipients_unit_idx" ON "directive_recipients" ("directive_id", "unit_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "directive_recipients" ADD CONSTRAINT "directive_recipients_unit_fk" FOREIGN KEY ("unit_id") REFERENCES "org_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "directive_recipients" ADD CONSTRAINT "directive_recipients_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "directive_recipients" ADD CONSTRAINT "directive_recipients_directive_fk" FOREIGN KEY ("directive_id") REFERENCES "directives"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }
}
