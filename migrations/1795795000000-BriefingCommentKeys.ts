import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A briefing comment made under an Idempotency-Key keeps it, one per author and key, so a
 * retried POST /briefings/:id/items/:itemId/comments returns the first comment instead of
 * adding a second (comments are neither edited nor deleted, and they fix their item).
 */
export class BriefingCommentKeys1795795000000 implements MigrationInterface {
  name = 'BriefingCommentKeys1795795000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "briefing_comments" ADD "idempotency_key" character varying(128)`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "briefing_comments_idempotency_key" ON "briefing_comments" ("author_id", "idempotency_key") WHERE idempotency_key IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."briefing_comments_idempotency_key"`);
    await queryRunner.query(`ALTER TABLE "briefing_comments" DROP COLUMN "idempotency_key"`);
  }
}
