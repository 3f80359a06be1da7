import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When an incoming document was handled (annotated): the handling report tells on time from late
 * by it; and the due date it was last reminded for (DocumentReminders reminds once per due date).
 */
export class DocumentHandledAt1795900000000 implements MigrationInterface {
  name = 'DocumentHandledAt1795900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "documents" ADD "handled_at" TIMESTAMP WITH TIME ZONE, ADD "reminded_for" TIMESTAMP WITH TIME ZONE`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "documents" DROP COLUMN "reminded_for", DROP COLUMN "handled_at"`);
  }
}
