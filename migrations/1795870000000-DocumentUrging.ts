import { MigrationInterface, QueryRunner } from 'typeorm';

/** Urging (đôn đốc) an incoming document that waits with a leader: counted on the row, kept as history. */
export class DocumentUrging1795870000000 implements MigrationInterface {
  name = 'DocumentUrging1795870000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "documents" ADD "urged_count" smallint NOT NULL DEFAULT 0, ADD "last_urged_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `CREATE TABLE "document_urgings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "document_id" uuid NOT NULL,
         "urged_by" uuid NOT NULL, "urged_to" uuid NOT NULL, "note" text NOT NULL,
         "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "document_urgings_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "document_urgings_document_idx" ON "document_urgings" ("document_id", "created_at")`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_urgings" ADD CONSTRAINT "document_urgings_document_fk" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "document_urgings"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP COLUMN "last_urged_at", DROP COLUMN "urged_count"`);
  }
}
