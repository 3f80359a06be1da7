import { MigrationInterface, QueryRunner } from 'typeorm';

/** Every decision on a task or a discipline case is signed (libs/signing SignedDecisions), filed under its subject. */
export class SignedDecisions1795850000000 implements MigrationInterface {
  name = 'SignedDecisions1795850000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "signed_decisions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "signature_id" uuid NOT NULL,
         "subject_type" character varying(40) NOT NULL, "subject_id" uuid NOT NULL, "action" character varying(40) NOT NULL,
         "signer_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
         CONSTRAINT "signed_decisions_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "signed_decisions_signature_key" ON "signed_decisions" ("signature_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "signed_decisions_subject_idx" ON "signed_decisions" ("subject_type", "subject_id", "created_at")`,
    );
    await queryRunner.query(
      `ALTER TABLE "signed_decisions" ADD CONSTRAINT "signed_decisions_signature_fk" FOREIGN KEY ("signature_id") REFERENCES "signatures"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "signed_decisions"`);
  }
}
