import { MigrationInterface, QueryRunner } from 'typeorm';

export class LiveDirectives1795671803587 implements MigrationInterface {
  name = 'LiveDirectives1795671803587';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "directives" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "issuing_unit_id" uuid NOT NULL, "year" integer NOT NULL, "number" integer NOT NULL, "notation" character varying(64) NOT NULL, "type" character varying(8) NOT NULL, "subject" character varying(500) NOT NULL, "body" text NOT NULL, "urgency" smallint NOT NULL, "signer_id" uuid NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "targets" jsonb NOT NULL, "ack_required" boolean NOT NULL, "ack_due_at" TIMESTAMP WITH TIME ZONE, "recipient_count" integer NOT NULL, "delivered_count" integer NOT NULL DEFAULT '0', "read_count" integer NOT NULL DEFAULT '0', "ack_count" integer NOT NULL DEFAULT '0', "last_reminded_at" TIMESTAMP WITH TIME ZONE, "escalated_at" TIMESTAMP WITH TIME ZONE, "recalled_at" TIMESTAMP WITH TIME ZONE, "recall_reason" character varying(1000), "recalled_by" uuid, "idempotency_key" character varying(128), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "directives_urgency_check" CHECK (urgency BETWEEN 0 AND 4), CONSTRAINT "PK_33cbab4c60a227ae4053fcaea3c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "directives_ack_due_idx" ON "directives" ("ack_due_at") WHERE ack_required AND escalated_at IS NULL AND recalled_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "directives_idempotency_key" ON "directives" ("signer_id", "idempotency_key") WHERE idempotency_key IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "directives_notation_key" ON "directives" ("issuing_unit_id", "year", "notation") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "directives_number_key" ON "directives" ("issuing_unit_id", "year", "number") `,
    );
    await queryRunner.query(
      `CREATE TABLE "directive_recipients" ("directive_id" uuid NOT NULL, "user_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "role" character varying(20) NOT NULL, "delivered_at" TIMESTAMP WITH TIME ZONE, "read_at" TIMESTAMP WITH TIME ZONE, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "ack_comment" character varying(2000), "escalated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_32d76ae955370f06cd0c8037f40" PRIMARY KEY ("directive_id", "user_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "directive_recipients_unit_idx" ON "directive_recipients" ("directive_id", "unit_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "directive_recipients_user_idx" ON "directive_recipients" ("user_id", "directive_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "directive_counters" ("unit_id" uuid NOT NULL, "year" integer NOT NULL, "last_number" integer NOT NULL, CONSTRAINT "PK_91c44477f9ad7316731894fc70f" PRIMARY KEY ("unit_id", "year"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "realtime_events" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "seq" bigint, "name" character varying(64) NOT NULL, "payload" jsonb NOT NULL, "audience" uuid array NOT NULL DEFAULT '{}', "rooms" character varying array NOT NULL DEFAULT '{}', "durable" boolean NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_535dd20d151b19b78602eb4aebb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "realtime_events_unsequenced_idx" ON "realtime_events" ("id") WHERE seq IS NULL`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "realtime_events_seq_key" ON "realtime_events" ("seq") `);
    await queryRunner.query(
      `CREATE TABLE "stored_files" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "uploaded_by" uuid NOT NULL, "file_name" character varying(200) NOT NULL, "content_type" character varying(100) NOT NULL, "size" integer NOT NULL, "sha256" character(64) NOT NULL, "content" bytea NOT NULL, "owner_type" character varying(32), "owner_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5d5be862bf53851c1794b4adf4e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "stored_files_owner_idx" ON "stored_files" ("owner_type", "owner_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "directives" ADD CONSTRAINT "directives_issuing_unit_fk" FOREIGN KEY ("issuing_unit_id") REFERENCES "org_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "directives" ADD CONSTRAINT "directives_signer_fk" FOREIGN KEY ("signer_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "directive_recipients" ADD CONSTRAINT "directive_recipients_directive_fk" FOREIGN KEY ("directive_id") REFERENCES "directives"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "directive_recipients" ADD CONSTRAINT "directive_recipients_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "directive_recipients" ADD CONSTRAINT "directive_recipients_unit_fk" FOREIGN KEY ("unit_id") REFERENCES "org_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "stored_files" ADD CONSTRAINT "stored_files_uploader_fk" FOREIGN KEY ("uploaded_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Hand-written: what TypeORM cannot declare.
    // The relay draws feed cursors from this sequence under its advisory lock (realtime-relay.ts).
    await queryRunner.query(`CREATE SEQUENCE "realtime_event_seq" AS bigint`);
    // Who may read an event: GIN, so "events for this person after cursor" is an index lookup.
    await queryRunner.query(
      `CREATE INDEX "realtime_events_audience_idx" ON "realtime_events" USING gin ("audience")`,
    );
    // One row: the highest pruned durable seq; cursors below it must reload (feed-pruner.ts).
    await queryRunner.query(
      `CREATE TABLE "realtime_feed_floor" ("floor" bigint NOT NULL, "one_row" boolean PRIMARY KEY DEFAULT true CHECK ("one_row"))`,
    );
    await queryRunner.query(`INSERT INTO "realtime_feed_floor" ("floor") VALUES (0)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "realtime_feed_floor"`);
    await queryRunner.query(`DROP INDEX "public"."realtime_events_audience_idx"`);
    await queryRunner.query(`DROP SEQUENCE "realtime_event_seq"`);
    await queryRunner.query(`ALTER TABLE "stored_files" DROP CONSTRAINT "stored_files_uploader_fk"`);
    await queryRunner.query(
      `ALTER TABLE "directive_recipients" DROP CONSTRAINT "directive_recipients_unit_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "directive_recipients" DROP CONSTRAINT "directive_recipients_user_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "directive_recipients" DROP CONSTRAINT "directive_recipients_directive_fk"`,
    );
    await queryRunner.query(`ALTER TABLE "directives" DROP CONSTRAINT "directives_signer_fk"`);
    await queryRunner.query(`ALTER TABLE "directives" DROP CONSTRAINT "directives_issuing_unit_fk"`);
    await queryRunner.query(`DROP INDEX "public"."stored_files_owner_idx"`);
    await queryRunner.query(`DROP TABLE "stored_files"`);
    await queryRunner.query(`DROP INDEX "public"."realtime_events_seq_key"`);
    await queryRunner.query(`DROP INDEX "public"."realtime_events_unsequenced_idx"`);
    await queryRunner.query(`DROP TABLE "realtime_events"`);
    await queryRunner.query(`DROP TABLE "directive_counters"`);
    await queryRunner.query(`DROP INDEX "public"."directive_recipients_user_idx"`);
    await queryRunner.query(`DROP INDEX "public"."directive_recipients_unit_idx"`);
    await queryRunner.query(`DROP TABLE "directive_recipients"`);
    await queryRunner.query(`DROP INDEX "public"."directives_number_key"`);
    await queryRunner.query(`DROP INDEX "public"."directives_notation_key"`);
    await queryRunner.query(`DROP INDEX "public"."directives_idempotency_key"`);
    await queryRunner.query(`DROP INDEX "public"."directives_ack_due_idx"`);
    await queryRunner.query(`DROP TABLE "directives"`);
  }
}
