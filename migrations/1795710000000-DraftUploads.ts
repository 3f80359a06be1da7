import { MigrationInterface, QueryRunner } from 'typeorm';

/** Uploads not attached yet: a quota per person and a sweep by the worker. */
export class DraftUploads1795710000000 implements MigrationInterface {
  name = 'DraftUploads1795710000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "stored_files_drafts_idx" ON "stored_files" ("uploaded_by", "created_at") WHERE owner_type IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."stored_files_drafts_idx"`);
  }
}
