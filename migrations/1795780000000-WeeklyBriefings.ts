import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 7, point 4: the electronic weekly briefing (giao ban điện tử) — briefings (one per unit
 * and ISO week), their expected reporters, the reports with their items in three sections,
 * and the leaders' comments per item; an item may name the signed task made of it
 * (tasks.source_type = 'briefing'; source_type is varchar(20) without a CHECK, so tasks need
 * no change).
 *
 * Search: GIN indexes over `to_tsvector('simple', lt_fold(...))` of the titles and
 * conclusions, items and comments (lt_fold: migration 1795765000000-SearchFold), queried with
 * the same expressions (BRIEFING_SEARCH_SQL in libs/briefings/src/briefing.entity.ts).
 * Expression indexes rather than generated tsvector columns: TypeORM tracks a generated
 * column's expression in its own typeorm_metadata table, keyed by database name, which
 * would tie the schema check to the name of the database the migration ran in. The indexes
 * are declared `synchronize: false` on the entities, like realtime_events_audience_idx.
 */
export class WeeklyBriefings1795780000000 implements MigrationInterface {
  name = 'WeeklyBriefings1795780000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "briefings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "unit_id" uuid NOT NULL, "iso_year" integer NOT NULL, "iso_week" smallint NOT NULL, "title" character varying(300) NOT NULL, "meeting_at" TIMESTAMP WITH TIME ZONE NOT NULL, "cutoff_at" TIMESTAMP WITH TIME ZONE NOT NULL, "state" character varying(8) NOT NULL, "conclusion" text, "opened_by" uuid NOT NULL, "closed_by" uuid, "closed_at" TIMESTAMP WITH TIME ZONE, "reminded_at" TIMESTAMP WITH TIME ZONE, "idempotency_key" character varying(128), "request_sha256" character(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "briefings_week_check" CHECK (iso_week BETWEEN 1 AND 53), CONSTRAINT "briefings_closed_check" CHECK ((state = 'closed') = (closed_at IS NOT NULL)), CONSTRAINT "briefings_cutoff_check" CHECK (cutoff_at <= meeting_at), CONSTRAINT "briefings_state_check" CHECK (state IN ('open', 'closed')), CONSTRAINT "PK_388798f424958f8c105d3b3d4b6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "briefings_reminder_idx" ON "briefings" ("cutoff_at") WHERE state = 'open' AND reminded_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "briefings_idempotency_key" ON "briefings" ("opened_by", "idempotency_key") WHERE idempotency_key IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "briefings_unit_meeting_idx" ON "briefings" ("unit_id", "meeting_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "briefings_unit_week_key" ON "briefings" ("unit_id", "iso_year", "iso_week") `,
    );
    await queryRunner.query(
      `CREATE TABLE "briefing_reporters" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "briefing_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "user_id" uuid, "sort_order" smallint NOT NULL, CONSTRAINT "PK_e078727ba08764801765ba7901d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "briefing_reporters_user_idx" ON "briefing_reporters" ("user_id") WHERE user_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "briefing_reporters_unit_idx" ON "briefing_reporters" ("unit_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "briefing_reporters_user_key" ON "briefing_reporters" ("briefing_id", "user_id") WHERE user_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "briefing_reporters_unit_key" ON "briefing_reporters" ("briefing_id", "unit_id") WHERE user_id IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "briefing_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "briefing_id" uuid NOT NULL, "reporter_id" uuid NOT NULL, "first_submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "submitted_by" uuid NOT NULL, "version" integer NOT NULL, CONSTRAINT "PK_b6d592a0f4630f9d9649b77f591" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "briefing_reports_briefing_idx" ON "briefing_reports" ("briefing_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "briefing_reports_reporter_key" ON "briefing_reports" ("reporter_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "briefing_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "briefing_id" uuid NOT NULL, "report_id" uuid NOT NULL, "section" character varying(8) NOT NULL, "sort_order" smallint NOT NULL, "text" character varying(2000) NOT NULL, "task_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "briefing_items_section_check" CHECK (section IN ('done', 'plan', 'issues')), CONSTRAINT "PK_34f5a964c735fedf4c892f0cfc3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "briefing_items_task_key" ON "briefing_items" ("task_id") WHERE task_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "briefing_items_briefing_idx" ON "briefing_items" ("briefing_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "briefing_items_report_idx" ON "briefing_items" ("report_id", "section", "sort_order") `,
    );
    await queryRunner.query(
      `CREATE TABLE "briefing_comments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "item_id" uuid NOT NULL, "briefing_id" uuid NOT NULL, "author_id" uuid NOT NULL, "text" character varying(2000) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e2c99d4a18b2c3a63e204c59ffc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "briefing_comments_briefing_idx" ON "briefing_comments" ("briefing_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "briefing_comments_item_idx" ON "briefing_comments" ("item_id", "created_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "briefings" ADD CONSTRAINT "briefings_unit_fk" FOREIGN KEY ("unit_id") REFERENCES "org_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "briefings" ADD CONSTRAINT "briefings_opened_by_fk" FOREIGN KEY ("opened_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "briefings" ADD CONSTRAINT "briefings_closed_by_fk" FOREIGN KEY ("closed_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "briefing_reporters" ADD CONSTRAINT "briefing_reporters_briefing_fk" FOREIGN KEY ("briefing_id") REFERENCES "briefings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "briefing_reporters" ADD CONSTRAINT "briefing_reporters_unit_fk" FOREIGN KEY ("unit_id") REFERENCES "org_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "briefing_reporters" ADD CONSTRAINT "briefing_reporters_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "briefing_reports" ADD CONSTRAINT "briefing_reports_briefing_fk" FOREIGN KEY ("briefing_id") REFERENCES "briefings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "briefing_reports" ADD CONSTRAINT "briefing_reports_reporter_fk" FOREIGN KEY ("reporter_id") REFERENCES "briefing_reporters"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "briefing_reports" ADD CONSTRAINT "briefing_reports_submitted_by_fk" FOREIGN KEY ("submitted_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "briefing_items" ADD CONSTRAINT "briefing_items_briefing_fk" FOREIGN KEY ("briefing_id") REFERENCES "briefings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "briefing_items" ADD CONSTRAINT "briefing_items_report_fk" FOREIGN KEY ("report_id") REFERENCES "briefing_reports"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "briefing_items" ADD CONSTRAINT "briefing_items_task_fk" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "briefing_comments" ADD CONSTRAINT "briefing_comments_item_fk" FOREIGN KEY ("item_id") REFERENCES "briefing_items"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "briefing_comments" ADD CONSTRAINT "briefing_comments_briefing_fk" FOREIGN KEY ("briefing_id") REFERENCES "briefings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "briefing_comments" ADD CONSTRAINT "briefing_comments_author_fk" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE INDEX "briefings_search_idx" ON "briefings" USING gin ((to_tsvector('simple', lt_fold(title || ' ' || coalesce(conclusion, '')))))`,
    );
    await queryRunner.query(
      `CREATE INDEX "briefing_items_search_idx" ON "briefing_items" USING gin ((to_tsvector('simple', lt_fold(text))))`,
    );
    await queryRunner.query(
      `CREATE INDEX "briefing_comments_search_idx" ON "briefing_comments" USING gin ((to_tsvector('simple', lt_fold(text))))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."briefing_comments_search_idx"`);
    await queryRunner.query(`DROP INDEX "public"."briefing_items_search_idx"`);
    await queryRunner.query(`DROP INDEX "public"."briefings_search_idx"`);
    await queryRunner.query(`ALTER TABLE "briefing_comments" DROP CONSTRAINT "briefing_comments_author_fk"`);
    await queryRunner.query(
      `ALTER TABLE "briefing_comments" DROP CONSTRAINT "briefing_comments_briefing_fk"`,
    );
    await queryRunner.query(`ALTER TABLE "briefing_comments" DROP CONSTRAINT "briefing_comments_item_fk"`);
    await queryRunner.query(`ALTER TABLE "briefing_items" DROP CONSTRAINT "briefing_items_task_fk"`);
    await queryRunner.query(`ALTER TABLE "briefing_items" DROP CONSTRAINT "briefing_items_report_fk"`);
    await queryRunner.query(`ALTER TABLE "briefing_items" DROP CONSTRAINT "briefing_items_briefing_fk"`);
    await queryRunner.query(
      `ALTER TABLE "briefing_reports" DROP CONSTRAINT "briefing_reports_submitted_by_fk"`,
    );
    await queryRunner.query(`ALTER TABLE "briefing_reports" DROP CONSTRAINT "briefing_reports_reporter_fk"`);
    await queryRunner.query(`ALTER TABLE "briefing_reports" DROP CONSTRAINT "briefing_reports_briefing_fk"`);
    await queryRunner.query(`ALTER TABLE "briefing_reporters" DROP CONSTRAINT "briefing_reporters_user_fk"`);
    await queryRunner.query(`ALTER TABLE "briefing_reporters" DROP CONSTRAINT "briefing_reporters_unit_fk"`);
    await queryRunner.query(
      `ALTER TABLE "briefing_reporters" DROP CONSTRAINT "briefing_reporters_briefing_fk"`,
    );
    await queryRunner.query(`ALTER TABLE "briefings" DROP CONSTRAINT "briefings_closed_by_fk"`);
    await queryRunner.query(`ALTER TABLE "briefings" DROP CONSTRAINT "briefings_opened_by_fk"`);
    await queryRunner.query(`ALTER TABLE "briefings" DROP CONSTRAINT "briefings_unit_fk"`);
    await queryRunner.query(`DROP INDEX "public"."briefing_comments_item_idx"`);
    await queryRunner.query(`DROP INDEX "public"."briefing_comments_briefing_idx"`);
    await queryRunner.query(`DROP TABLE "briefing_comments"`);
    await queryRunner.query(`DROP INDEX "public"."briefing_items_report_idx"`);
    await queryRunner.query(`DROP INDEX "public"."briefing_items_briefing_idx"`);
    await queryRunner.query(`DROP INDEX "public"."briefing_items_task_key"`);
    await queryRunner.query(`DROP TABLE "briefing_items"`);
    await queryRunner.query(`DROP INDEX "public"."briefing_reports_reporter_key"`);
    await queryRunner.query(`DROP INDEX "public"."briefing_reports_briefing_idx"`);
    await queryRunner.query(`DROP TABLE "briefing_reports"`);
    await queryRunner.query(`DROP INDEX "public"."briefing_reporters_unit_key"`);
    await queryRunner.query(`DROP INDEX "public"."briefing_reporters_user_key"`);
    await queryRunner.query(`DROP INDEX "public"."briefing_reporters_unit_idx"`);
    await queryRunner.query(`DROP INDEX "public"."briefing_reporters_user_idx"`);
    await queryRunner.query(`DROP TABLE "briefing_reporters"`);
    await queryRunner.query(`DROP INDEX "public"."briefings_unit_week_key"`);
    await queryRunner.query(`DROP INDEX "public"."briefings_unit_meeting_idx"`);
    await queryRunner.query(`DROP INDEX "public"."briefings_idempotency_key"`);
    await queryRunner.query(`DROP INDEX "public"."briefings_reminder_idx"`);
    await queryRunner.query(`DROP TABLE "briefings"`);
  }
}
