import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search covers every metadata field of a document and its text, not only number, symbol,
 * issuer and subject: the index over the same expression as DOCUMENT_SEARCH_TEXT.
 */
export class DocumentSearchFields1795930000000 implements MigrationInterface {
  name = 'DocumentSearchFields1795930000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "documents_search_idx"');
    await queryRunner.query(
      `CREATE INDEX "documents_search_idx" ON "documents" USING gin (to_tsvector('simple',
         lt_fold(code_number || '/' || code_notation || ' ' || register_number::text
           || ' ' || organ_name || ' ' || coalesce(organ_id, '') || ' ' || type_name || ' ' || subject
           || ' ' || coalesce(signer_name, '') || ' ' || coalesce(signer_position, '') || ' ' || coalesce(recipients, '')
           || ' ' || coalesce(description, '') || ' ' || coalesce(body, ''))))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "documents_search_idx"');
    await queryRunner.query(
      `CREATE INDEX "documents_search_idx" ON "documents"
         USING gin (to_tsvector('simple', lt_fold(code_number || '/' || code_notation || ' ' || organ_name || ' ' || subject)))`,
    );
  }
}
