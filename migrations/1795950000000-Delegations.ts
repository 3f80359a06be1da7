import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delegation of authority (ủy quyền, libs/delegations): the delegations with their period,
 * powers and optional unit, and — where an action is taken thừa ủy quyền — the delegator
 * beside the actor: in the audit entry (hashed only when set, so older entries verify as
 * before), the directive and the task.
 */
export class Delegations1795950000000 implements MigrationInterface {
  name = 'Delegations1795950000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "delegations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "form" character varying(4) NOT NULL, "delegator_id" uuid NOT NULL, "delegator_name" character varying(200) NOT NULL, "position_id" uuid, "unit_id" uuid NOT NULL, "role" character varying(20) NOT NULL, "limit_unit_id" uuid, "delegate_id" uuid NOT NULL, "powers" character varying(32) array NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reason" text NOT NULL DEFAULT '', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_by" uuid, "revoke_reason" text, "version" integer NOT NULL, CONSTRAINT "delegations_revoked_check" CHECK ((revoked_at IS NULL) = (revoked_by IS NULL)), CONSTRAINT "delegations_self_check" CHECK (delegate_id <> delegator_id), CONSTRAINT "delegations_powers_check" CHECK (cardinality(powers) > 0), CONSTRAINT "delegations_form_check" CHECK (form IN ('TUQ', 'Q')), CONSTRAINT "delegations_period_check" CHECK (ends_at > starts_at), CONSTRAINT "PK_01f9fbbc9b3bf52236a4e951b19" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "delegations_delegator_idx" ON "delegations" ("delegator_id", "ends_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "delegations_delegate_idx" ON "delegations" ("delegate_id", "ends_at") `,
    );
    await queryRunner.query(`ALTER TABLE "audit_entries" ADD "on_behalf_of_id" uuid`);
    await queryRunner.query(`ALTER TABLE "audit_entries" ADD "delegation_id" uuid`);
    await queryRunner.query(`ALTER TABLE "directives" ADD "signer_on_behalf_of_id" uuid`);
    await queryRunner.query(`ALTER TABLE "tasks" ADD "assigner_on_behalf_of_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "directives" ADD CONSTRAINT "directives_signer_on_behalf_of_fk" FOREIGN KEY ("signer_on_behalf_of_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tasks" ADD CONSTRAINT "tasks_assigner_on_behalf_of_fk" FOREIGN KEY ("assigner_on_behalf_of_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "delegations" ADD CONSTRAINT "delegations_delegator_fk" FOREIGN KEY ("delegator_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "delegations" ADD CONSTRAINT "delegations_delegate_fk" FOREIGN KEY ("delegate_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "delegations" ADD CONSTRAINT "delegations_position_fk" FOREIGN KEY ("position_id") REFERENCES "positions"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "delegations" ADD CONSTRAINT "delegations_unit_fk" FOREIGN KEY ("unit_id") REFERENCES "org_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "delegations" ADD CONSTRAINT "delegations_limit_unit_fk" FOREIGN KEY ("limit_unit_id") REFERENCES "org_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "delegations" ADD CONSTRAINT "delegations_revoked_by_fk" FOREIGN KEY ("revoked_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "delegations" DROP CONSTRAINT "delegations_revoked_by_fk"`);
    await queryRunner.query(`ALTER TABLE "delegations" DROP CONSTRAINT "delegations_limit_unit_fk"`);
    await queryRunner.query(`ALTER TABLE "delegations" DROP CONSTRAINT "delegations_unit_fk"`);
    await queryRunner.query(`ALTER TABLE "delegations" DROP CONSTRAINT "delegations_position_fk"`);
    await queryRunner.query(`ALTER TABLE "delegations" DROP CONSTRAINT "delegations_delegate_fk"`);
    await queryRunner.query(`ALTER TABLE "delegations" DROP CONSTRAINT "delegations_delegator_fk"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "tasks_assigner_on_behalf_of_fk"`);
    await queryRunner.query(`ALTER TABLE "directives" DROP CONSTRAINT "directives_signer_on_behalf_of_fk"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "assigner_on_behalf_of_id"`);
    await queryRunner.query(`ALTER TABLE "directives" DROP COLUMN "signer_on_behalf_of_id"`);
    await queryRunner.query(`ALTER TABLE "audit_entries" DROP COLUMN "delegation_id"`);
    await queryRunner.query(`ALTER TABLE "audit_entries" DROP COLUMN "on_behalf_of_id"`);
    await queryRunner.query(`DROP INDEX "public"."delegations_delegate_idx"`);
    await queryRunner.query(`DROP INDEX "public"."delegations_delegator_idx"`);
    await queryRunner.query(`DROP TABLE "delegations"`);
  }
}
