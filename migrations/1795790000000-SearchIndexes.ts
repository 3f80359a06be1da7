import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search across what a person may read (GET /search): GIN indexes over the folded text of
 * directives, tasks and documents, the very expressions their owners search by
 * (DirectiveReaders.search, TaskReaders.search, DocumentReaders.search).
 */
export class SearchIndexes1795790000000 implements MigrationInterface {
  name = 'SearchIndexes1795790000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "directives_search_idx" ON "directives"
         USING gin (to_tsvector('simple', lt_fold(notation || ' ' || subject || ' ' || body)))`,
    );
    await queryRunner.query(
      `CREATE INDEX "tasks_search_idx" ON "tasks" USING gin (to_tsvector('simple', lt_fold(title || ' ' || description)))`,
    );
    await queryRunner.query(
      `CREATE INDEX "documents_search_idx" ON "documents"
         USING gin (to_tsvector('simple', lt_fold(code_number || '/' || code_notation || ' ' || organ_name || ' ' || subject)))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "documents_search_idx"');
    await queryRunner.query('DROP INDEX "tasks_search_idx"');
    await queryRunner.query('DROP INDEX "directives_search_idx"');
  }
}
