import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The one-stop counter (libs/one-stop): the public holidays working days skip, each unit's
 * catalogue of procedures, the citizens' files received and the per-unit, per-day counter
 * their codes are numbered from.
 */
export class OneStop1795990000000 implements MigrationInterface {
  name = 'OneStop1795990000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "public_holidays" ("day" date NOT NULL, "name" character varying(120) NOT NULL, "entered_by" uuid, CONSTRAINT "PK_d43d24ed37f98d452ac4436ac63" PRIMARY KEY ("day"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "procedures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "unit_id" uuid NOT NULL, "code" character varying(40) NOT NULL, "name" character varying(500) NOT NULL, "field" character varying(120) NOT NULL DEFAULT '', "papers" jsonb NOT NULL, "processing_days" smallint NOT NULL, "steps" jsonb NOT NULL, "active" boolean NOT NULL DEFAULT true, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "procedures_days_check" CHECK (processing_days BETWEEN 0 AND 365), CONSTRAINT "PK_e7775bab78f27b4c47580b6cb4b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "procedures_unit_code_key" ON "procedures" ("unit_id", "code") `,
    );
    await queryRunner.query(
      `CREATE TABLE "citizen_files" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(40) NOT NULL, "unit_id" uuid NOT NULL, "procedure_id" uuid NOT NULL, "applicant_name" character varying(200) NOT NULL, "applicant_phone" character varying(20), "applicant_email" character varying(254), "applicant_id_number" character varying(12), "papers" jsonb NOT NULL, "steps" jsonb NOT NULL, "state" character varying(16) NOT NULL, "received_by" uuid NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "appointment_at" TIMESTAMP WITH TIME ZONE NOT NULL, "lookup_pin" character(6) NOT NULL, "masked_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "citizen_files_contact_check" CHECK (masked_at IS NOT NULL OR applicant_phone IS NOT NULL OR applicant_email IS NOT NULL), CONSTRAINT "citizen_files_state_check" CHECK (state IN ('received', 'processing', 'awaiting_papers', 'done', 'returned')), CONSTRAINT "PK_c4171b49a25c3bd339103134b0d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "citizen_files_unit_idx" ON "citizen_files" ("unit_id", "received_at") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "citizen_files_code_key" ON "citizen_files" ("code") `);
    await queryRunner.query(
      `CREATE TABLE "citizen_file_counters" ("unit_id" uuid NOT NULL, "day" date NOT NULL, "last" integer NOT NULL, CONSTRAINT "PK_530b32416fd49396efeb642a88a" PRIMARY KEY ("unit_id", "day"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "public_holidays" ADD CONSTRAINT "public_holidays_entered_by_fk" FOREIGN KEY ("entered_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "procedures" ADD CONSTRAINT "procedures_unit_fk" FOREIGN KEY ("unit_id") REFERENCES "org_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "citizen_files" ADD CONSTRAINT "citizen_files_unit_fk" FOREIGN KEY ("unit_id") REFERENCES "org_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "citizen_files" ADD CONSTRAINT "citizen_files_procedure_fk" FOREIGN KEY ("procedure_id") REFERENCES "procedures"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "citizen_files" ADD CONSTRAINT "citizen_files_received_by_fk" FOREIGN KEY ("received_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "citizen_file_counters" ADD CONSTRAINT "citizen_file_counters_unit_fk" FOREIGN KEY ("unit_id") REFERENCES "org_units"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "citizen_file_counters" DROP CONSTRAINT "citizen_file_counters_unit_fk"`,
    );
    await queryRunner.query(`ALTER TABLE "citizen_files" DROP CONSTRAINT "citizen_files_received_by_fk"`);
    await queryRunner.query(`ALTER TABLE "citizen_files" DROP CONSTRAINT "citizen_files_procedure_fk"`);
    await queryRunner.query(`ALTER TABLE "citizen_files" DROP CONSTRAINT "citizen_files_unit_fk"`);
    await queryRunner.query(`ALTER TABLE "procedures" DROP CONSTRAINT "procedures_unit_fk"`);
    await queryRunner.query(`ALTER TABLE "public_holidays" DROP CONSTRAINT "public_holidays_entered_by_fk"`);
    await queryRunner.query(`DROP TABLE "citizen_file_counters"`);
    await queryRunner.query(`DROP INDEX "public"."citizen_files_code_key"`);
    await queryRunner.query(`DROP INDEX "public"."citizen_files_unit_idx"`);
    await queryRunner.query(`DROP TABLE "citizen_files"`);
    await queryRunner.query(`DROP INDEX "public"."procedures_unit_code_key"`);
    await queryRunner.query(`DROP TABLE "procedures"`);
    await queryRunner.query(`DROP TABLE "public_holidays"`);
  }
}
