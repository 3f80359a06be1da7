import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Merging and splitting units (libs/reorganisation): the record of each reorganisation; a
 * merged unit's successor and date; an incoming document's former register and number, kept
 * when a merger takes it into the resulting unit's register, and searched (the index over
 * DOCUMENT_SEARCH_TEXT again, now with the former number).
 */
export class Reorganisation1795960000000 implements MigrationInterface {
  name = 'Reorganisation1795960000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "reorganisations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(8) NOT NULL, "source_ids" uuid array NOT NULL, "target_id" uuid NOT NULL, "user_ids" uuid array, "effective_at" TIMESTAMP WITH TIME ZONE NOT NULL, "moved" jsonb NOT NULL, "basis" text NOT NULL DEFAULT '', "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "reorganisations_kind_check" CHECK (kind IN ('merge', 'split')), CONSTRAINT "PK_94fcd0ba0bf6ca4f90916d65c94" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "reorganisations_target_idx" ON "reorganisations" ("target_id", "effective_at") `,
    );
    await queryRunner.query(`ALTER TABLE "org_units" ADD "merged_into_id" uuid`);
    await queryRunner.query(`ALTER TABLE "org_units" ADD "retired_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "documents" ADD "former_unit_id" uuid`);
    await queryRunner.query(`ALTER TABLE "documents" ADD "former_register_year" integer`);
    await queryRunner.query(`ALTER TABLE "documents" ADD "former_register_number" integer`);
    await queryRunner.query(
      `ALTER TABLE "org_units" ADD CONSTRAINT "org_units_merged_into_fk" FOREIGN KEY ("merged_into_id") REFERENCES "org_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "documents" ADD CONSTRAINT "documents_former_unit_fk" FOREIGN KEY ("former_unit_id") REFERENCES "org_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reorganisations" ADD CONSTRAINT "reorganisations_target_fk" FOREIGN KEY ("target_id") REFERENCES "org_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reorganisations" ADD CONSTRAINT "reorganisations_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query('DROP INDEX "documents_search_idx"');
    await queryRunner.query(
      `CREATE INDEX "documents_search_idx" ON "documents" USING gin (to_tsvector('simple',
               lt_fold(code_number || '/' || code_notation || ' ' || register_number::text
                 || ' ' || organ_name || ' ' || coalesce(organ_id, '') || ' ' || type_name || ' ' || subject
                 || ' ' || coalesce(signer_name, '') || ' ' || coalesce(signer_position, '') || ' ' || coalesce(recipients, '')
                 || ' ' || coalesce(description, '') || ' ' || coalesce(body, '')
                 || ' ' || coalesce(former_register_number::text, ''))))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "documents_search_idx"');
    await queryRunner.query(
      `CREATE INDEX "documents_search_idx" ON "documents" USING gin (to_tsvector('simple',
               lt_fold(code_number || '/' || code_notation || ' ' || register_number::text
                 || ' ' || organ_name || ' ' || coalesce(organ_id, '') || ' ' || type_name || ' ' || subject
                 || ' ' || coalesce(signer_name, '') || ' ' || coalesce(signer_position, '') || ' ' || coalesce(recipients, '')
                 || ' ' || coalesce(description, '') || ' ' || coalesce(body, ''))))`,
    );
    await queryRunner.query(`ALTER TABLE "reorganisations" DROP CONSTRAINT "reorganisations_created_by_fk"`);
    await queryRunner.query(`ALTER TABLE "reorganisations" DROP CONSTRAINT "reorganisations_target_fk"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP CONSTRAINT "documents_former_unit_fk"`);
    await queryRunner.query(`ALTER TABLE "org_units" DROP CONSTRAINT "org_units_merged_into_fk"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP COLUMN "former_register_number"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP COLUMN "former_register_year"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP COLUMN "former_unit_id"`);
    await queryRunner.query(`ALTER TABLE "org_units" DROP COLUMN "retired_at"`);
    await queryRunner.query(`ALTER TABLE "org_units" DROP COLUMN "merged_into_id"`);
    await queryRunner.query(`DROP INDEX "public"."reorganisations_target_idx"`);
    await queryRunner.query(`DROP TABLE "reorganisations"`);
  }
}
