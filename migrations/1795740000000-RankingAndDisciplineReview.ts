import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The monthly ranking (xếp loại hàng tháng) — versioned rule sets with the default seeded as
 * version 1, the closed months and their rows — and the head's decision on discipline cases
 * (decision, note, who and when, and a version for optimistic concurrency).
 * Generated from the entities, then the seed added by hand: the default is written out here,
 * not imported, so this migration stays what it was when later code changes.
 */
export class RankingAndDisciplineReview1795740000000 implements MigrationInterface {
  name = 'RankingAndDisciplineReview1795740000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "ranking_rule_sets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "version" integer NOT NULL, "rules" jsonb NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a251844368c27adb6c28dd1f07c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ranking_rule_sets_version_key" ON "ranking_rule_sets" ("version") `,
    );
    await queryRunner.query(
      `CREATE TABLE "ranking_months" ("month" date NOT NULL, "rule_set_id" uuid NOT NULL, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "computed_by" uuid, CONSTRAINT "ranking_months_first_day_check" CHECK (EXTRACT(DAY FROM month) = 1), CONSTRAINT "PK_39e37a5ec8d826fab882e2be6c1" PRIMARY KEY ("month"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "monthly_rankings" ("month" date NOT NULL, "subject_type" character varying(4) NOT NULL, "subject_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "counted" integer NOT NULL, "on_time" integer NOT NULL, "late" integer NOT NULL, "discipline_cases" integer NOT NULL, "on_time_rate" numeric(5,4), "grade" character varying(16), "rule_set_id" uuid NOT NULL, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "monthly_rankings_figures_check" CHECK (on_time >= 0 AND late >= 0 AND counted = on_time + late AND discipline_cases >= 0), CONSTRAINT "monthly_rankings_grade_check" CHECK (grade IS NULL OR grade IN ('excellent', 'good', 'done', 'not_done')), CONSTRAINT "monthly_rankings_subject_type_check" CHECK (subject_type IN ('unit', 'user')), CONSTRAINT "PK_e5e3b80f93891be6cfa2c81d5a7" PRIMARY KEY ("month", "subject_type", "subject_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "monthly_rankings_unit_idx" ON "monthly_rankings" ("month", "unit_id") `,
    );
    await queryRunner.query(`ALTER TABLE "discipline_cases" ADD "decision" character varying(24)`);
    await queryRunner.query(`ALTER TABLE "discipline_cases" ADD "decision_note" character varying(2000)`);
    await queryRunner.query(`ALTER TABLE "discipline_cases" ADD "decided_by" uuid`);
    await queryRunner.query(`ALTER TABLE "discipline_cases" ADD "decided_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "discipline_cases" ADD "version" integer NOT NULL DEFAULT '1'`);
    await queryRunner.query(
      `ALTER TABLE "discipline_cases" ADD CONSTRAINT "discipline_cases_decided_check" CHECK ((decision IS NULL) = (decided_at IS NULL) AND (decision IS NULL) = (decided_by IS NULL))`,
    );
    await queryRunner.query(
      `ALTER TABLE "discipline_cases" ADD CONSTRAINT "discipline_cases_decision_check" CHECK (decision IS NULL OR decision IN ('accept_explanation', 'remind', 'criticise', 'propose_discipline'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "discipline_cases" ADD CONSTRAINT "discipline_cases_decided_by_fk" FOREIGN KEY ("decided_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ranking_rule_sets" ADD CONSTRAINT "ranking_rule_sets_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ranking_months" ADD CONSTRAINT "ranking_months_rule_set_fk" FOREIGN KEY ("rule_set_id") REFERENCES "ranking_rule_sets"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ranking_months" ADD CONSTRAINT "ranking_months_computed_by_fk" FOREIGN KEY ("computed_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "monthly_rankings" ADD CONSTRAINT "monthly_rankings_month_fk" FOREIGN KEY ("month") REFERENCES "ranking_months"("month") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "monthly_rankings" ADD CONSTRAINT "monthly_rankings_unit_fk" FOREIGN KEY ("unit_id") REFERENCES "org_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "monthly_rankings" ADD CONSTRAINT "monthly_rankings_rule_set_fk" FOREIGN KEY ("rule_set_id") REFERENCES "ranking_rule_sets"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // The default rules (docs/ranking.md), in force until an admin of the root unit changes them.
    await queryRunner.query(`INSERT INTO "ranking_rule_sets" ("version", "rules") VALUES (1, $1::jsonb)`, [
      JSON.stringify({
        deadlineBasis: 'original',
        grades: [
          { grade: 'excellent', minOnTimeRate: 0.95, maxDisciplineCases: 0 },
          { grade: 'good', minOnTimeRate: 0.85, maxDisciplineCases: 1 },
          { grade: 'done', minOnTimeRate: 0.7 },
          { grade: 'not_done' },
        ],
      }),
    ]);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "monthly_rankings" DROP CONSTRAINT "monthly_rankings_rule_set_fk"`);
    await queryRunner.query(`ALTER TABLE "monthly_rankings" DROP CONSTRAINT "monthly_rankings_unit_fk"`);
    await queryRunner.query(`ALTER TABLE "monthly_rankings" DROP CONSTRAINT "monthly_rankings_month_fk"`);
    await queryRunner.query(`ALTER TABLE "ranking_months" DROP CONSTRAINT "ranking_months_computed_by_fk"`);
    await queryRunner.query(`ALTER TABLE "ranking_months" DROP CONSTRAINT "ranking_months_rule_set_fk"`);
    await queryRunner.query(
      `ALTER TABLE "ranking_rule_sets" DROP CONSTRAINT "ranking_rule_sets_created_by_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "discipline_cases" DROP CONSTRAINT "discipline_cases_decided_by_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "discipline_cases" DROP CONSTRAINT "discipline_cases_decision_check"`,
    );
    await queryRunner.query(
      `ALTER TABLE "discipline_cases" DROP CONSTRAINT "discipline_cases_decided_check"`,
    );
    await queryRunner.query(`ALTER TABLE "discipline_cases" DROP COLUMN "version"`);
    await queryRunner.query(`ALTER TABLE "discipline_cases" DROP COLUMN "decided_at"`);
    await queryRunner.query(`ALTER TABLE "discipline_cases" DROP COLUMN "decided_by"`);
    await queryRunner.query(`ALTER TABLE "discipline_cases" DROP COLUMN "decision_note"`);
    await queryRunner.query(`ALTER TABLE "discipline_cases" DROP COLUMN "decision"`);
    await queryRunner.query(`DROP INDEX "public"."monthly_rankings_unit_idx"`);
    await queryRunner.query(`DROP TABLE "monthly_rankings"`);
    await queryRunner.query(`DROP TABLE "ranking_months"`);
    await queryRunner.query(`DROP INDEX "public"."ranking_rule_sets_version_key"`);
    await queryRunner.query(`DROP TABLE "ranking_rule_sets"`);
  }
}
