import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The leaders' weekly work schedule (lịch công tác tuần, libs/schedules): one per unit and ISO
 * week, its engagements with the leaders attending (a GIN index for a person's calendar), and
 * an optional link to the unit's weekly briefing.
 */
export class WorkSchedules1795940000000 implements MigrationInterface {
  name = 'WorkSchedules1795940000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "work_schedules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "unit_id" uuid NOT NULL, "iso_year" integer NOT NULL, "iso_week" smallint NOT NULL, "state" character varying(12) NOT NULL, "drafted_by" uuid NOT NULL, "published_by" uuid, "published_at" TIMESTAMP WITH TIME ZONE, "revision" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "work_schedules_published_check" CHECK ((state = 'published') = (published_at IS NOT NULL)), CONSTRAINT "work_schedules_week_check" CHECK (iso_week BETWEEN 1 AND 53), CONSTRAINT "work_schedules_state_check" CHECK (state IN ('draft', 'published')), CONSTRAINT "PK_f5251879700e5ca0d2e353fa34f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "work_schedules_unit_week_key" ON "work_schedules" ("unit_id", "iso_year", "iso_week") `,
    );
    await queryRunner.query(
      `CREATE TABLE "work_schedule_entries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "schedule_id" uuid NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE, "place" character varying(300) NOT NULL, "content" text NOT NULL, "leader_ids" uuid array NOT NULL, "participants" text NOT NULL DEFAULT '', "preparer" character varying(300) NOT NULL DEFAULT '', "briefing_id" uuid, "changed_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "work_schedule_entries_time_check" CHECK (ends_at IS NULL OR ends_at > starts_at), CONSTRAINT "PK_761da2a9a4487a9616ced67abc2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "work_schedule_entries_schedule_idx" ON "work_schedule_entries" ("schedule_id", "starts_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "work_schedules" ADD CONSTRAINT "work_schedules_unit_fk" FOREIGN KEY ("unit_id") REFERENCES "org_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "work_schedules" ADD CONSTRAINT "work_schedules_drafted_by_fk" FOREIGN KEY ("drafted_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "work_schedules" ADD CONSTRAINT "work_schedules_published_by_fk" FOREIGN KEY ("published_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE INDEX "work_schedule_entries_leaders_idx" ON "work_schedule_entries" USING gin ("leader_ids")`,
    );
    await queryRunner.query(
      `ALTER TABLE "work_schedule_entries" ADD CONSTRAINT "work_schedule_entries_briefing_fk" FOREIGN KEY ("briefing_id") REFERENCES "briefings"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "work_schedule_entries" ADD CONSTRAINT "work_schedule_entries_schedule_fk" FOREIGN KEY ("schedule_id") REFERENCES "work_schedules"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "work_schedule_entries" DROP CONSTRAINT "work_schedule_entries_schedule_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "work_schedule_entries" DROP CONSTRAINT "work_schedule_entries_briefing_fk"`,
    );
    await queryRunner.query(`DROP INDEX "public"."work_schedule_entries_leaders_idx"`);
    await queryRunner.query(`ALTER TABLE "work_schedules" DROP CONSTRAINT "work_schedules_published_by_fk"`);
    await queryRunner.query(`ALTER TABLE "work_schedules" DROP CONSTRAINT "work_schedules_drafted_by_fk"`);
    await queryRunner.query(`ALTER TABLE "work_schedules" DROP CONSTRAINT "work_schedules_unit_fk"`);
    await queryRunner.query(`DROP INDEX "public"."work_schedule_entries_schedule_idx"`);
    await queryRunner.query(`DROP TABLE "work_schedule_entries"`);
    await queryRunner.query(`DROP INDEX "public"."work_schedules_unit_week_key"`);
    await queryRunner.query(`DROP TABLE "work_schedules"`);
  }
}
