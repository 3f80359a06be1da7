import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outgoing documents drafted, reviewed and signed in Liên Thông (libs/documents drafting): the
 * drafts, their versions and review chain; on the document, its body, secrecy, signer, form
 * and signature; and a trigger that refuses any change to what a signed document says.
 */
export class DocumentDrafting1795880000000 implements MigrationInterface {
  name = 'DocumentDrafting1795880000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "document_drafts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "unit_id" uuid NOT NULL,
         "drafter_id" uuid NOT NULL, "type_name" character varying(100) NOT NULL, "code_notation" character varying(100) NOT NULL,
         "subject" character varying(1000) NOT NULL, "body" text NOT NULL, "priority" smallint NOT NULL,
         "secrecy" character varying(16) NOT NULL, "recipients" jsonb NOT NULL, "signer_id" uuid NOT NULL,
         "signing_form" character varying(4) NOT NULL, "state" character varying(12) NOT NULL,
         "round" smallint NOT NULL DEFAULT 0, "idempotency_key" character varying(128),
         "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
         "version" integer NOT NULL,
         CONSTRAINT "document_drafts_state_check" CHECK (state IN ('drafting', 'in_review', 'approved', 'issued')),
         CONSTRAINT "document_drafts_secrecy_check" CHECK (secrecy IN ('normal', 'secret', 'top_secret', 'absolute_secret')),
         CONSTRAINT "document_drafts_signing_form_check" CHECK (signing_form IN ('own', 'KT', 'TM', 'Q', 'TL', 'TUQ')),
         CONSTRAINT "document_drafts_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "document_drafts_drafter_idx" ON "document_drafts" ("drafter_id", "created_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "document_drafts_signer_idx" ON "document_drafts" ("signer_id") WHERE state = 'approved'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "document_drafts_idempotency_key" ON "document_drafts" ("drafter_id", "idempotency_key") WHERE idempotency_key IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "document_draft_versions" ("draft_id" uuid NOT NULL, "number" integer NOT NULL,
         "subject" character varying(1000) NOT NULL, "body" text NOT NULL, "edited_by" uuid NOT NULL,
         "note" character varying(2000), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
         CONSTRAINT "PK_document_draft_versions" PRIMARY KEY ("draft_id", "number"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_draft_versions" ADD CONSTRAINT "document_draft_versions_draft_fk" FOREIGN KEY ("draft_id") REFERENCES "document_drafts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "document_review_steps" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "draft_id" uuid NOT NULL,
         "round" smallint NOT NULL, "seq" smallint NOT NULL, "reviewer_id" uuid NOT NULL,
         "state" character varying(12) NOT NULL, "comment" character varying(2000),
         "decided_at" TIMESTAMP WITH TIME ZONE, "signature_id" uuid,
         CONSTRAINT "document_review_steps_state_check" CHECK (state IN ('waiting', 'approved', 'returned', 'forwarded', 'pending')),
         CONSTRAINT "document_review_steps_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "document_review_steps_draft_idx" ON "document_review_steps" ("draft_id", "round", "seq")`,
    );
    await queryRunner.query(
      `CREATE INDEX "document_review_steps_waiting_idx" ON "document_review_steps" ("reviewer_id") WHERE state = 'waiting'`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_review_steps" ADD CONSTRAINT "document_review_steps_draft_fk" FOREIGN KEY ("draft_id") REFERENCES "document_drafts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "documents" ADD "body" text, ADD "secrecy" character varying(16) NOT NULL DEFAULT 'normal',
         ADD "signer_id" uuid, ADD "signing_form" character varying(4), ADD "signature_id" uuid`,
    );
    await queryRunner.query(
      `ALTER TABLE "documents" ADD CONSTRAINT "documents_signature_fk" FOREIGN KEY ("signature_id") REFERENCES "signatures"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // What a signed document says never changes: only its handling may (state, routing, urging).
    await queryRunner.query(
      `CREATE FUNCTION documents_signed_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'UPDATE'
            AND (to_jsonb(NEW) - ARRAY['state', 'routed_to', 'urged_count', 'last_urged_at', 'version'])
              = (to_jsonb(OLD) - ARRAY['state', 'routed_to', 'urged_count', 'last_urged_at', 'version']) THEN
           RETURN NEW;
         END IF;
         RAISE EXCEPTION 'a signed document never changes (document %)', OLD.id
           USING ERRCODE = 'integrity_constraint_violation';
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER documents_signed_immutable BEFORE UPDATE OR DELETE ON "documents"
         FOR EACH ROW WHEN (OLD.signature_id IS NOT NULL) EXECUTE FUNCTION documents_signed_immutable()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER documents_signed_immutable ON "documents"`);
    await queryRunner.query(`DROP FUNCTION documents_signed_immutable()`);
    await queryRunner.query(`ALTER TABLE "documents" DROP CONSTRAINT "documents_signature_fk"`);
    await queryRunner.query(
      `ALTER TABLE "documents" DROP COLUMN "signature_id", DROP COLUMN "signing_form", DROP COLUMN "signer_id", DROP COLUMN "secrecy", DROP COLUMN "body"`,
    );
    await queryRunner.query(`DROP TABLE "document_review_steps"`);
    await queryRunner.query(`DROP TABLE "document_draft_versions"`);
    await queryRunner.query(`DROP TABLE "document_drafts"`);
  }
}
