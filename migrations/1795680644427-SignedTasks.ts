import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed task assignments: the deployment's CA, signers' certificates, accepted signatures
 * (canonical bytes + ES256 signature), tasks with their parties, reports, extension
 * requests, latenesses (explanation + apology letter), discipline cases and the keys of the
 * deadline reminders already sent.
 */
export class SignedTasks1795680644427 implements MigrationInterface {
  name = 'SignedTasks1795680644427';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "signing_authorities" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "certificate_der" bytea NOT NULL, "private_key_sealed" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_81a4610f164d08896d90e5da823" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "signer_certificates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "serial" character varying(40) NOT NULL, "authority_id" uuid NOT NULL, "user_id" uuid NOT NULL, "position_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "role" character varying(20) NOT NULL, "subject" character varying(500) NOT NULL, "key_sha256" character(64) NOT NULL, "der" bytea NOT NULL, "not_before" TIMESTAMP WITH TIME ZONE NOT NULL, "not_after" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "revocation_reason" character varying(30), "revoked_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "signer_certificates_reason_check" CHECK (revoked_at IS NULL OR revocation_reason IS NOT NULL), CONSTRAINT "PK_ba60be89fe2528263ab3448cdf0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "signer_certificates_serial_key" ON "signer_certificates" ("serial") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "signer_certificates_key_key" ON "signer_certificates" ("key_sha256") `,
    );
    await queryRunner.query(
      `CREATE INDEX "signer_certificates_user_idx" ON "signer_certificates" ("user_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "signatures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "purpose" character varying(40) NOT NULL, "signer_id" uuid NOT NULL, "certificate_id" uuid NOT NULL, "nonce" character varying(128) NOT NULL, "canonical" bytea NOT NULL, "content_sha256" character(64) NOT NULL, "signature" bytea NOT NULL, "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f56eb3cd344ce7f9ae28ce814eb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "signatures_nonce_key" ON "signatures" ("signer_id", "nonce") `,
    );
    await queryRunner.query(
      `CREATE TABLE "tasks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "parent_id" uuid, "title" character varying(500) NOT NULL, "description" text NOT NULL, "lead_unit_id" uuid NOT NULL, "lead_user_id" uuid, "assigner_id" uuid NOT NULL, "assigner_unit_id" uuid NOT NULL, "state" character varying(20) NOT NULL, "priority" smallint NOT NULL, "source_type" character varying(20), "source_id" uuid, "deadline" TIMESTAMP WITH TIME ZONE NOT NULL, "original_deadline" TIMESTAMP WITH TIME ZONE NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "signature_id" uuid NOT NULL, "progress" smallint NOT NULL DEFAULT '0', "lateness_count" smallint NOT NULL DEFAULT '0', "late_for_deadline" TIMESTAMP WITH TIME ZONE, "blocked_since" TIMESTAMP WITH TIME ZONE, "return_reason" character varying(2000), "submitted_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "idempotency_key" character varying(128), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "tasks_progress_check" CHECK (progress BETWEEN 0 AND 100), CONSTRAINT "tasks_priority_check" CHECK (priority BETWEEN 0 AND 4), CONSTRAINT "tasks_state_check" CHECK (state IN ('assigned', 'accepted', 'returned', 'in_progress', 'submitted', 'completed', 'cancelled')), CONSTRAINT "PK_8d12ff38fcc62aaba2cab748772" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "tasks_idempotency_key" ON "tasks" ("assigner_id", "idempotency_key") WHERE idempotency_key IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "tasks_running_deadline_idx" ON "tasks" ("deadline") WHERE state IN ('assigned', 'accepted', 'in_progress')`,
    );
    await queryRunner.query(
      `CREATE INDEX "tasks_parent_idx" ON "tasks" ("parent_id") WHERE parent_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "tasks_assigner_idx" ON "tasks" ("assigner_id", "created_at") `);
    await queryRunner.query(
      `CREATE INDEX "tasks_lead_user_idx" ON "tasks" ("lead_user_id") WHERE lead_user_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "tasks_lead_unit_idx" ON "tasks" ("lead_unit_id", "state") `);
    await queryRunner.query(
      `CREATE TABLE "task_parties" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "task_id" uuid NOT NULL, "role" character varying(20) NOT NULL, "unit_id" uuid NOT NULL, "user_id" uuid, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "acknowledged_by" uuid, CONSTRAINT "task_parties_role_check" CHECK (role IN ('coordinate', 'informed')), CONSTRAINT "PK_c3cd5393364e8529a5ea97730df" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "task_parties_unit_idx" ON "task_parties" ("unit_id") `);
    await queryRunner.query(
      `CREATE INDEX "task_parties_user_idx" ON "task_parties" ("user_id") WHERE user_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "task_parties_task_idx" ON "task_parties" ("task_id") `);
    await queryRunner.query(
      `CREATE TABLE "task_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "task_id" uuid NOT NULL, "kind" character varying(20) NOT NULL, "author_id" uuid NOT NULL, "percent" smallint, "text" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "task_reports_kind_check" CHECK (kind IN ('progress', 'final', 'contribution')), CONSTRAINT "PK_e77e2d7597e6b6bff2523010cb2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "task_reports_task_idx" ON "task_reports" ("task_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "task_extensions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "task_id" uuid NOT NULL, "requested_by" uuid NOT NULL, "current_deadline" TIMESTAMP WITH TIME ZONE NOT NULL, "requested_deadline" TIMESTAMP WITH TIME ZONE NOT NULL, "reason" character varying(2000) NOT NULL, "state" character varying(10) NOT NULL, "decided_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "decision_note" character varying(2000), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "task_extensions_state_check" CHECK (state IN ('pending', 'approved', 'refused')), CONSTRAINT "PK_6a5fc24eb3523dcd97c3256cbd9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "task_extensions_pending_key" ON "task_extensions" ("task_id") WHERE state = 'pending'`,
    );
    await queryRunner.query(
      `CREATE TABLE "task_latenesses" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "task_id" uuid NOT NULL, "number" smallint NOT NULL, "missed_deadline" TIMESTAMP WITH TIME ZONE NOT NULL, "overdue_at" TIMESTAMP WITH TIME ZONE NOT NULL, "addressed_to" uuid NOT NULL, "explanation" text, "apology" text, "filed_by" uuid, "filed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a334a3b4c3984a740d0a6212289" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "task_latenesses_number_key" ON "task_latenesses" ("task_id", "number") `,
    );
    await queryRunner.query(
      `CREATE TABLE "discipline_cases" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "task_id" uuid NOT NULL, "lateness_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "reviewer_unit_id" uuid NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_5e8a6bbaaeebbda9718da2c4766" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "discipline_cases_reviewer_idx" ON "discipline_cases" ("reviewer_unit_id", "opened_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "discipline_cases_lateness_key" ON "discipline_cases" ("lateness_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "task_deadline_notices" ("task_id" uuid NOT NULL, "deadline" TIMESTAMP WITH TIME ZONE NOT NULL, "hours_before" integer NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_325a8db2fbf32405a635738c090" PRIMARY KEY ("task_id", "deadline", "hours_before"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "signer_certificates" ADD CONSTRAINT "signer_certificates_authority_fk" FOREIGN KEY ("authority_id") REFERENCES "signing_authorities"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "signer_certificates" ADD CONSTRAINT "signer_certificates_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "signer_certificates" ADD CONSTRAINT "signer_certificates_unit_fk" FOREIGN KEY ("unit_id") REFERENCES "org_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "signatures" ADD CONSTRAINT "signatures_certificate_fk" FOREIGN KEY ("certificate_id") REFERENCES "signer_certificates"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tasks" ADD CONSTRAINT "tasks_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "tasks"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tasks" ADD CONSTRAINT "tasks_signature_fk" FOREIGN KEY ("signature_id") REFERENCES "signatures"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tasks" ADD CONSTRAINT "tasks_lead_unit_fk" FOREIGN KEY ("lead_unit_id") REFERENCES "org_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tasks" ADD CONSTRAINT "tasks_lead_user_fk" FOREIGN KEY ("lead_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tasks" ADD CONSTRAINT "tasks_assigner_fk" FOREIGN KEY ("assigner_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tasks" ADD CONSTRAINT "tasks_assigner_unit_fk" FOREIGN KEY ("assigner_unit_id") REFERENCES "org_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "task_parties" ADD CONSTRAINT "task_parties_task_fk" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "task_parties" ADD CONSTRAINT "task_parties_unit_fk" FOREIGN KEY ("unit_id") REFERENCES "org_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "task_parties" ADD CONSTRAINT "task_parties_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "task_reports" ADD CONSTRAINT "task_reports_task_fk" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "task_extensions" ADD CONSTRAINT "task_extensions_task_fk" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "task_latenesses" ADD CONSTRAINT "task_latenesses_task_fk" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "discipline_cases" ADD CONSTRAINT "discipline_cases_task_fk" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "discipline_cases" ADD CONSTRAINT "discipline_cases_lateness_fk" FOREIGN KEY ("lateness_id") REFERENCES "task_latenesses"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "task_deadline_notices" ADD CONSTRAINT "task_deadline_notices_task_fk" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "task_deadline_notices" DROP CONSTRAINT "task_deadline_notices_task_fk"`,
    );
    await queryRunner.query(`ALTER TABLE "discipline_cases" DROP CONSTRAINT "discipline_cases_lateness_fk"`);
    await queryRunner.query(`ALTER TABLE "discipline_cases" DROP CONSTRAINT "discipline_cases_task_fk"`);
    await queryRunner.query(`ALTER TABLE "task_latenesses" DROP CONSTRAINT "task_latenesses_task_fk"`);
    await queryRunner.query(`ALTER TABLE "task_extensions" DROP CONSTRAINT "task_extensions_task_fk"`);
    await queryRunner.query(`ALTER TABLE "task_reports" DROP CONSTRAINT "task_reports_task_fk"`);
    await queryRunner.query(`ALTER TABLE "task_parties" DROP CONSTRAINT "task_parties_user_fk"`);
    await queryRunner.query(`ALTER TABLE "task_parties" DROP CONSTRAINT "task_parties_unit_fk"`);
    await queryRunner.query(`ALTER TABLE "task_parties" DROP CONSTRAINT "task_parties_task_fk"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "tasks_assigner_unit_fk"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "tasks_assigner_fk"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "tasks_lead_user_fk"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "tasks_lead_unit_fk"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "tasks_signature_fk"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "tasks_parent_fk"`);
    await queryRunner.query(`ALTER TABLE "signatures" DROP CONSTRAINT "signatures_certificate_fk"`);
    await queryRunner.query(
      `ALTER TABLE "signer_certificates" DROP CONSTRAINT "signer_certificates_unit_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "signer_certificates" DROP CONSTRAINT "signer_certificates_user_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "signer_certificates" DROP CONSTRAINT "signer_certificates_authority_fk"`,
    );
    await queryRunner.query(`DROP TABLE "task_deadline_notices"`);
    await queryRunner.query(`DROP INDEX "public"."discipline_cases_lateness_key"`);
    await queryRunner.query(`DROP INDEX "public"."discipline_cases_reviewer_idx"`);
    await queryRunner.query(`DROP TABLE "discipline_cases"`);
    await queryRunner.query(`DROP INDEX "public"."task_latenesses_number_key"`);
    await queryRunner.query(`DROP TABLE "task_latenesses"`);
    await queryRunner.query(`DROP INDEX "public"."task_extensions_pending_key"`);
    await queryRunner.query(`DROP TABLE "task_extensions"`);
    await queryRunner.query(`DROP INDEX "public"."task_reports_task_idx"`);
    await queryRunner.query(`DROP TABLE "task_reports"`);
    await queryRunner.query(`DROP INDEX "public"."task_parties_task_idx"`);
    await queryRunner.query(`DROP INDEX "public"."task_parties_user_idx"`);
    await queryRunner.query(`DROP INDEX "public"."task_parties_unit_idx"`);
    await queryRunner.query(`DROP TABLE "task_parties"`);
    await queryRunner.query(`DROP INDEX "public"."tasks_lead_unit_idx"`);
    await queryRunner.query(`DROP INDEX "public"."tasks_lead_user_idx"`);
    await queryRunner.query(`DROP INDEX "public"."tasks_assigner_idx"`);
    await queryRunner.query(`DROP INDEX "public"."tasks_parent_idx"`);
    await queryRunner.query(`DROP INDEX "public"."tasks_running_deadline_idx"`);
    await queryRunner.query(`DROP INDEX "public"."tasks_idempotency_key"`);
    await queryRunner.query(`DROP TABLE "tasks"`);
    await queryRunner.query(`DROP INDEX "public"."signatures_nonce_key"`);
    await queryRunner.query(`DROP TABLE "signatures"`);
    await queryRunner.query(`DROP INDEX "public"."signer_certificates_user_idx"`);
    await queryRunner.query(`DROP INDEX "public"."signer_certificates_key_key"`);
    await queryRunner.query(`DROP INDEX "public"."signer_certificates_serial_key"`);
    await queryRunner.query(`DROP TABLE "signer_certificates"`);
    await queryRunner.query(`DROP TABLE "signing_authorities"`);
  }
}
