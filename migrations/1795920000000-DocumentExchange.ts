import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exchange with systems outside by edXML (QCVN 102:2016): documents received (with the package
 * as received, its signer and the sender's ids, once per unit) and the statuses agencies
 * outside report for documents issued here.
 */
export class DocumentExchange1795920000000 implements MigrationInterface {
  name = 'DocumentExchange1795920000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "document_exchanges" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "document_id" uuid NOT NULL,
         "unit_id" uuid NOT NULL, "peer_organ_id" character(13) NOT NULL, "peer_organ_name" character varying(200) NOT NULL,
         "peer_document_id" character varying(100) NOT NULL, "signer_subject" character varying(1000) NOT NULL,
         "signer_thumbprint" character(64) NOT NULL, "package_sha256" character(64) NOT NULL, "package" bytea NOT NULL,
         "received_by" uuid NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL,
         CONSTRAINT "document_exchanges_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "document_exchanges_peer_key" ON "document_exchanges" ("unit_id", "peer_organ_id", "peer_document_id")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "document_exchanges_document_key" ON "document_exchanges" ("document_id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_exchanges" ADD CONSTRAINT "document_exchanges_document_fk" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "document_external_statuses" ("document_id" uuid NOT NULL, "organ_id" character(13) NOT NULL,
         "organ_name" character varying(200) NOT NULL, "status" character(2) NOT NULL,
         "description" character varying(2000), "staff" character varying(200),
         "status_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
         "recorded_by" uuid NOT NULL,
         CONSTRAINT "document_external_statuses_status_check" CHECK (status IN ('01', '02', '03', '04', '05', '06')),
         CONSTRAINT "document_external_statuses_pkey" PRIMARY KEY ("document_id", "organ_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_external_statuses" ADD CONSTRAINT "document_external_statuses_document_fk" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "document_external_statuses"');
    await queryRunner.query('DROP TABLE "document_exchanges"');
  }
}
