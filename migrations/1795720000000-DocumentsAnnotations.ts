import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 5: the registers of incoming and outgoing documents (numbered per unit, direction
 * and year), their distribution to leaders, the tasks an outgoing document answers, and
 * leaders' signed annotations (bút phê) whose tasks are found through tasks_source_idx.
 */
export class DocumentsAnnotations1795720000000 implements MigrationInterface {
  name = 'DocumentsAnnotations1795720000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "annotations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "subject_type" character varying(12) NOT NULL, "subject_id" uuid NOT NULL, "document_id" uuid, "author_id" uuid NOT NULL, "author_unit_id" uuid NOT NULL, "text" text NOT NULL, "task_ids" uuid array NOT NULL, "signature_id" uuid NOT NULL, "idempotency_key" character varying(128), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "annotations_subject_type_check" CHECK (subject_type IN ('document', 'directive', 'task', 'task_report')), CONSTRAINT "PK_d5b59b40ef7ee54b4309c2e89b2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "annotations_idempotency_key" ON "annotations" ("author_id", "idempotency_key") WHERE idempotency_key IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "annotations_author_idx" ON "annotations" ("author_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "annotations_author_unit_idx" ON "annotations" ("author_unit_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "annotations_document_idx" ON "annotations" ("document_id") WHERE document_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "annotations_subject_idx" ON "annotations" ("subject_type", "subject_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "documents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "direction" character varying(8) NOT NULL, "unit_id" uuid NOT NULL, "register_year" integer NOT NULL, "register_number" integer NOT NULL, "code_number" character varying(30) NOT NULL, "code_notation" character varying(100) NOT NULL, "organ_name" character varying(200) NOT NULL, "organ_id" character(13), "dedup_key" character varying(340) NOT NULL, "issued_date" date NOT NULL, "type_name" character varying(100) NOT NULL, "subject" character varying(1000) NOT NULL, "priority" smallint NOT NULL, "due_date" TIMESTAMP WITH TIME ZONE, "arrival_date" TIMESTAMP WITH TIME ZONE, "signer_name" character varying(200), "signer_position" character varying(200), "recipients" character varying(2000), "page_amount" integer, "description" character varying(5000), "state" character varying(12) NOT NULL, "routed_to" uuid, "duplicate_of" uuid, "registered_by" uuid NOT NULL, "idempotency_key" character varying(128), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "documents_priority_check" CHECK (priority BETWEEN 0 AND 4), CONSTRAINT "documents_state_check" CHECK (state IN ('registered', 'routed', 'annotated', 'issued')), CONSTRAINT "documents_direction_check" CHECK (direction IN ('incoming', 'outgoing')), CONSTRAINT "PK_ac51aa5181ee2036f5ca482857c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "documents_idempotency_key" ON "documents" ("registered_by", "idempotency_key") WHERE idempotency_key IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "documents_routed_to_idx" ON "documents" ("routed_to") WHERE routed_to IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "documents_dedup_idx" ON "documents" ("unit_id", "dedup_key") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "documents_register_key" ON "documents" ("unit_id", "direction", "register_year", "register_number") `,
    );
    await queryRunner.query(
      `CREATE TABLE "document_counters" ("unit_id" uuid NOT NULL, "direction" character varying(8) NOT NULL, "year" integer NOT NULL, "last_number" integer NOT NULL, CONSTRAINT "PK_1f7af72f30971287421bb450d85" PRIMARY KEY ("unit_id", "direction", "year"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "document_routings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "document_id" uuid NOT NULL, "routed_by" uuid NOT NULL, "routed_to" uuid NOT NULL, "note" character varying(2000), "routed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_355e5f677732aebe072019b3959" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "document_routings_document_idx" ON "document_routings" ("document_id", "routed_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "document_task_refs" ("document_id" uuid NOT NULL, "task_id" uuid NOT NULL, CONSTRAINT "PK_22ea77c7030f05878f091c9fdee" PRIMARY KEY ("document_id", "task_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "document_task_refs_task_idx" ON "document_task_refs" ("task_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "tasks_source_idx" ON "tasks" ("source_id") WHERE source_id IS NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "annotations" ADD CONSTRAINT "annotations_author_fk" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "annotations" ADD CONSTRAINT "annotations_author_unit_fk" FOREIGN KEY ("author_unit_id") REFERENCES "org_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "annotations" ADD CONSTRAINT "annotations_signature_fk" FOREIGN KEY ("signature_id") REFERENCES "signatures"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "documents" ADD CONSTRAINT "documents_unit_fk" FOREIGN KEY ("unit_id") REFERENCES "org_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "documents" ADD CONSTRAINT "documents_registered_by_fk" FOREIGN KEY ("registered_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "documents" ADD CONSTRAINT "documents_routed_to_fk" FOREIGN KEY ("routed_to") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "documents" ADD CONSTRAINT "documents_duplicate_of_fk" FOREIGN KEY ("duplicate_of") REFERENCES "documents"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_routings" ADD CONSTRAINT "document_routings_document_fk" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_task_refs" ADD CONSTRAINT "document_task_refs_document_fk" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_task_refs" ADD CONSTRAINT "document_task_refs_task_fk" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "document_task_refs" DROP CONSTRAINT "document_task_refs_task_fk"`);
    await queryRunner.query(
      `ALTER TABLE "document_task_refs" DROP CONSTRAINT "document_task_refs_document_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_routings" DROP CONSTRAINT "document_routings_document_fk"`,
    );
    await queryRunner.query(`ALTER TABLE "documents" DROP CONSTRAINT "documents_duplicate_of_fk"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP CONSTRAINT "documents_routed_to_fk"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP CONSTRAINT "documents_registered_by_fk"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP CONSTRAINT "documents_unit_fk"`);
    await queryRunner.query(`ALTER TABLE "annotations" DROP CONSTRAINT "annotations_signature_fk"`);
    await queryRunner.query(`ALTER TABLE "annotations" DROP CONSTRAINT "annotations_author_unit_fk"`);
    await queryRunner.query(`ALTER TABLE "annotations" DROP CONSTRAINT "annotations_author_fk"`);
    await queryRunner.query(`DROP INDEX "public"."tasks_source_idx"`);
    await queryRunner.query(`DROP INDEX "public"."document_task_refs_task_idx"`);
    await queryRunner.query(`DROP TABLE "document_task_refs"`);
    await queryRunner.query(`DROP INDEX "public"."document_routings_document_idx"`);
    await queryRunner.query(`DROP TABLE "document_routings"`);
    await queryRunner.query(`DROP TABLE "document_counters"`);
    await queryRunner.query(`DROP INDEX "public"."documents_register_key"`);
    await queryRunner.query(`DROP INDEX "public"."documents_dedup_idx"`);
    await queryRunner.query(`DROP INDEX "public"."documents_routed_to_idx"`);
    await queryRunner.query(`DROP INDEX "public"."documents_idempotency_key"`);
    await queryRunner.query(`DROP TABLE "documents"`);
    await queryRunner.query(`DROP INDEX "public"."annotations_subject_idx"`);
    await queryRunner.query(`DROP INDEX "public"."annotations_document_idx"`);
    await queryRunner.query(`DROP INDEX "public"."annotations_author_unit_idx"`);
    await queryRunner.query(`DROP INDEX "public"."annotations_author_idx"`);
    await queryRunner.query(`DROP INDEX "public"."annotations_idempotency_key"`);
    await queryRunner.query(`DROP TABLE "annotations"`);
  }
}
