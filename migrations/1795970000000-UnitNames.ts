import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Renaming and re-coding units through the reorganisation (kind `rename`): the names, codes and
 * OrganIds a unit bore before (`org_unit_names`, owned by @lt/org), searchable; and an index
 * for following mergers from a unit to the units merged into it (a merged unit's channel).
 */
export class UnitNames1795970000000 implements MigrationInterface {
  name = 'UnitNames1795970000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "org_unit_names" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "unit_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "code" character varying(32) NOT NULL, "organ_id" character(13) NOT NULL, "valid_until" TIMESTAMP WITH TIME ZONE NOT NULL, "reorganisation_id" uuid, "changed_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_85be353a4b838efc57d1559d60a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "org_unit_names_unit_idx" ON "org_unit_names" ("unit_id", "valid_until") `,
    );
    await queryRunner.query(
      `CREATE INDEX "org_units_merged_into_idx" ON "org_units" ("merged_into_id") WHERE merged_into_id IS NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "org_unit_names" ADD CONSTRAINT "org_unit_names_unit_fk" FOREIGN KEY ("unit_id") REFERENCES "org_units"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "reorganisations" DROP CONSTRAINT "reorganisations_kind_check"`);
    await queryRunner.query(
      `ALTER TABLE "reorganisations" ADD CONSTRAINT "reorganisations_kind_check" CHECK (kind IN ('merge', 'split', 'rename'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reorganisations" DROP CONSTRAINT "reorganisations_kind_check"`);
    await queryRunner.query(
      `ALTER TABLE "reorganisations" ADD CONSTRAINT "reorganisations_kind_check" CHECK (kind IN ('merge', 'split'))`,
    );
    await queryRunner.query(`ALTER TABLE "org_unit_names" DROP CONSTRAINT "org_unit_names_unit_fk"`);
    await queryRunner.query(`DROP INDEX "public"."org_units_merged_into_idx"`);
    await queryRunner.query(`DROP INDEX "public"."org_unit_names_unit_idx"`);
    await queryRunner.query(`DROP TABLE "org_unit_names"`);
  }
}
