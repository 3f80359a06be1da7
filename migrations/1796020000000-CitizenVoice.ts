import { MigrationInterface, QueryRunner } from 'typeorm';

/** The citizen's voice at the one-stop counter: the satisfaction survey (one rating per file) and the units' feedback mailbox. */
export class CitizenVoice1796020000000 implements MigrationInterface {
  name = 'CitizenVoice1796020000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "citizen_file_ratings" ("file_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "scores" jsonb NOT NULL, "comment" text, "rated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_087355a0f966050425a4509a5e2" PRIMARY KEY ("file_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "citizen_file_ratings_unit_idx" ON "citizen_file_ratings" ("unit_id", "rated_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "feedback_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(20) NOT NULL, "pin" character(6) NOT NULL, "unit_id" uuid NOT NULL, "kind" character varying(12) NOT NULL, "about" character varying(200), "text" text NOT NULL, "contact_name" character varying(120), "contact_phone" character varying(20), "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "answer" text, "answered_by" uuid, "answered_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, CONSTRAINT "feedback_messages_kind_check" CHECK (kind IN ('suggestion', 'complaint')), CONSTRAINT "PK_2be083e0e12be97a4ce79d8a9e1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "feedback_messages_unit_idx" ON "feedback_messages" ("unit_id", "received_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "feedback_messages_code_key" ON "feedback_messages" ("code") `,
    );
    await queryRunner.query(
      `ALTER TABLE "citizen_file_ratings" ADD CONSTRAINT "citizen_file_ratings_file_fk" FOREIGN KEY ("file_id") REFERENCES "citizen_files"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "feedback_messages" ADD CONSTRAINT "feedback_messages_unit_fk" FOREIGN KEY ("unit_id") REFERENCES "org_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "feedback_messages" ADD CONSTRAINT "feedback_messages_answered_by_fk" FOREIGN KEY ("answered_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "feedback_messages" DROP CONSTRAINT "feedback_messages_answered_by_fk"`,
    );
    await queryRunner.query(`ALTER TABLE "feedback_messages" DROP CONSTRAINT "feedback_messages_unit_fk"`);
    await queryRunner.query(
      `ALTER TABLE "citizen_file_ratings" DROP CONSTRAINT "citizen_file_ratings_file_fk"`,
    );
    await queryRunner.query(`DROP INDEX "public"."feedback_messages_code_key"`);
    await queryRunner.query(`DROP INDEX "public"."feedback_messages_unit_idx"`);
    await queryRunner.query(`DROP TABLE "feedback_messages"`);
    await queryRunner.query(`DROP INDEX "public"."citizen_file_ratings_unit_idx"`);
    await queryRunner.query(`DROP TABLE "citizen_file_ratings"`);
  }
}
