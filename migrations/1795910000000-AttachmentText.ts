import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The text of attachments that carry it (PDF, DOCX, ODT, plain text), extracted at upload,
 * searched without diacritics through a GIN index of the same expression as the query's.
 */
export class AttachmentText1795910000000 implements MigrationInterface {
  name = 'AttachmentText1795910000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "stored_files" ADD "text" text`);
    await queryRunner.query(
      `CREATE INDEX "stored_files_text_idx" ON "stored_files"
         USING gin (to_tsvector('simple', lt_fold(text))) WHERE text IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "stored_files_text_idx"');
    await queryRunner.query(`ALTER TABLE "stored_files" DROP COLUMN "text"`);
  }
}
