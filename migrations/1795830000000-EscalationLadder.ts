import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The escalation ladder (libs/escalation): late items climbing the tree step by step, and
 * each step with who was told. Directives already escalated once keep their one notice; they
 * are not opened again.
 */
export class EscalationLadder1795830000000 implements MigrationInterface {
  name = 'EscalationLadder1795830000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "escalations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "subject_type" character varying(30) NOT NULL,
         "subject_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "start_unit_id" uuid NOT NULL,
         "level" smallint NOT NULL DEFAULT '0', "next_unit_id" uuid, "next_at" TIMESTAMP WITH TIME ZONE,
         "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "stopped_at" TIMESTAMP WITH TIME ZONE,
         "stop_reason" character varying(10),
         CONSTRAINT "escalations_pkey" PRIMARY KEY ("id"),
         CONSTRAINT "escalations_stop_reason_check" CHECK (stop_reason IN ('handled', 'top')))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "escalations_key" ON "escalations" ("subject_type", "subject_id", "unit_id", "start_unit_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "escalations_due_idx" ON "escalations" ("next_at") WHERE stopped_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "escalation_steps" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "escalation_id" uuid NOT NULL,
         "level" smallint NOT NULL, "told_unit_id" uuid, "told_role" character varying(20),
         "told_user_ids" uuid array NOT NULL, "passed_unit_ids" uuid array NOT NULL,
         "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "escalation_steps_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "escalation_steps_escalation_idx" ON "escalation_steps" ("escalation_id", "level")`,
    );
    await queryRunner.query(
      `ALTER TABLE "escalation_steps" ADD CONSTRAINT "escalation_steps_escalation_fk" FOREIGN KEY ("escalation_id") REFERENCES "escalations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "escalation_steps"`);
    await queryRunner.query(`DROP TABLE "escalations"`);
  }
}
