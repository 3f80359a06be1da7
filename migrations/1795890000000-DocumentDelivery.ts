import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery inside the deployment (liên thông nội bộ): each recipient unit of a document issued
 * here, its edXML status, and the incoming entry it became; documents may be recalled (thu hồi),
 * and an incoming entry names the outgoing document it came from.
 */
export class DocumentDelivery1795890000000 implements MigrationInterface {
  name = 'DocumentDelivery1795890000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "document_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "document_id" uuid NOT NULL,
         "unit_id" uuid NOT NULL, "status" character(2) NOT NULL, "arrived_at" TIMESTAMP WITH TIME ZONE NOT NULL,
         "decided_at" TIMESTAMP WITH TIME ZONE, "decided_by" uuid, "refusal_reason" character varying(2000),
         "incoming_id" uuid,
         CONSTRAINT "document_deliveries_status_check" CHECK (status IN ('01', '02', '03')),
         CONSTRAINT "document_deliveries_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "document_deliveries_document_unit_key" ON "document_deliveries" ("document_id", "unit_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "document_deliveries_arrived_idx" ON "document_deliveries" ("unit_id") WHERE status = '01'`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_deliveries" ADD CONSTRAINT "document_deliveries_document_fk" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "documents" ADD "source_document_id" uuid, ADD "recalled_at" TIMESTAMP WITH TIME ZONE,
         ADD "recall_reason" character varying(2000)`,
    );
    await queryRunner.query(
      `ALTER TABLE "documents" ADD CONSTRAINT "documents_source_document_fk" FOREIGN KEY ("source_document_id") REFERENCES "documents"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "documents" DROP CONSTRAINT "documents_state_check"`);
    await queryRunner.query(
      `ALTER TABLE "documents" ADD CONSTRAINT "documents_state_check" CHECK (state IN ('registered', 'routed', 'annotated', 'issued', 'recalled'))`,
    );
    // A signed document may still be recalled: its state and the recall's time and reason may change.
    await queryRunner.query(
      `CREATE OR REPLACE FUNCTION documents_signed_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'UPDATE'
            AND (to_jsonb(NEW) - ARRAY['state', 'routed_to', 'urged_count', 'last_urged_at', 'version', 'recalled_at', 'recall_reason'])
              = (to_jsonb(OLD) - ARRAY['state', 'routed_to', 'urged_count', 'last_urged_at', 'version', 'recalled_at', 'recall_reason']) THEN
           RETURN NEW;
         END IF;
         RAISE EXCEPTION 'a signed document never changes (document %)', OLD.id
           USING ERRCODE = 'integrity_constraint_violation';
       END $$`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "documents" DROP CONSTRAINT "documents_state_check"`);
    await queryRunner.query(
      `ALTER TABLE "documents" ADD CONSTRAINT "documents_state_check" CHECK (state IN ('registered', 'routed', 'annotated', 'issued'))`,
    );
    await queryRunner.query(`ALTER TABLE "documents" DROP CONSTRAINT "documents_source_document_fk"`);
    await queryRunner.query(
      `ALTER TABLE "documents" DROP COLUMN "recall_reason", DROP COLUMN "recalled_at", DROP COLUMN "source_document_id"`,
    );
    await queryRunner.query(`DROP TABLE "document_deliveries"`);
  }
}
