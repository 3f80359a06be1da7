import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Messaging (issue 7): channels (a unit's, a thread per directive/task/document, one per pair
 * of people), members' read cursors and follows, and messages numbered per channel. The GIN
 * index over the folded text serves search without diacritics (lt_fold, migration SearchFold).
 */

export class Messaging1795770000000 implements MigrationInterface {
  name = 'Messaging1795770000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "chat_channels" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(10) NOT NULL, "unit_id" uuid, "subject_type" character varying(20), "subject_id" uuid, "user_low" uuid, "user_high" uuid, "last_n" bigint NOT NULL DEFAULT '0', "last_message_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chat_channels_shape_check" CHECK ((kind = 'unit') = (unit_id IS NOT NULL)
   AND (kind = 'thread') = (subject_type IS NOT NULL AND subject_id IS NOT NULL)
   AND (kind = 'direct') = (user_low IS NOT NULL AND user_high IS NOT NULL AND user_low < user_high)), CONSTRAINT "chat_channels_subject_type_check" CHECK (subject_type IN ('directive', 'task', 'document')), CONSTRAINT "chat_channels_kind_check" CHECK (kind IN ('unit', 'thread', 'direct')), CONSTRAINT "PK_efecd102855fb96e1428306ec6f" PRIMARY KEY ("id"))`);
    await queryRunner.query(
      `CREATE INDEX "chat_channels_direct_high_idx" ON "chat_channels" ("user_high") WHERE user_high IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "chat_channels_direct_key" ON "chat_channels" ("user_low", "user_high") WHERE user_low IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "chat_channels_subject_key" ON "chat_channels" ("subject_type", "subject_id") WHERE subject_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "chat_channels_unit_key" ON "chat_channels" ("unit_id") WHERE unit_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "chat_members" ("channel_id" uuid NOT NULL, "user_id" uuid NOT NULL, "last_read_n" bigint NOT NULL DEFAULT '0', "following" boolean NOT NULL DEFAULT true, "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8f9f5d4d392b555019ec7d0b706" PRIMARY KEY ("channel_id", "user_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "chat_members_user_idx" ON "chat_members" ("user_id") `);
    await queryRunner.query(
      `CREATE TABLE "chat_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "channel_id" uuid NOT NULL, "n" bigint NOT NULL, "author_id" uuid NOT NULL, "body" text NOT NULL, "mentions" uuid array NOT NULL DEFAULT '{}', "directive_id" uuid, "idempotency_key" character varying(128), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "edited_at" TIMESTAMP WITH TIME ZONE, "deleted_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, CONSTRAINT "chat_messages_body_length_check" CHECK (char_length(body) <= 4000), CONSTRAINT "PK_40c55ee0e571e268b0d3cd37d10" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "chat_messages_idempotency_key" ON "chat_messages" ("author_id", "idempotency_key") WHERE idempotency_key IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "chat_messages_channel_n_key" ON "chat_messages" ("channel_id", "n") `,
    );
    await queryRunner.query(
      `CREATE INDEX "chat_messages_search_idx" ON "chat_messages" USING gin (to_tsvector('simple', lt_fold(body)))`,
    );
    await queryRunner.query(
      `ALTER TABLE "chat_channels" ADD CONSTRAINT "chat_channels_unit_fk" FOREIGN KEY ("unit_id") REFERENCES "org_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "chat_channels" ADD CONSTRAINT "chat_channels_user_low_fk" FOREIGN KEY ("user_low") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "chat_channels" ADD CONSTRAINT "chat_channels_user_high_fk" FOREIGN KEY ("user_high") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "chat_members" ADD CONSTRAINT "chat_members_channel_fk" FOREIGN KEY ("channel_id") REFERENCES "chat_channels"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "chat_members" ADD CONSTRAINT "chat_members_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_channel_fk" FOREIGN KEY ("channel_id") REFERENCES "chat_channels"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_author_fk" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_directive_fk" FOREIGN KEY ("directive_id") REFERENCES "directives"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "chat_messages" DROP CONSTRAINT "chat_messages_directive_fk"`);
    await queryRunner.query(`ALTER TABLE "chat_messages" DROP CONSTRAINT "chat_messages_author_fk"`);
    await queryRunner.query(`ALTER TABLE "chat_messages" DROP CONSTRAINT "chat_messages_channel_fk"`);
    await queryRunner.query(`ALTER TABLE "chat_members" DROP CONSTRAINT "chat_members_user_fk"`);
    await queryRunner.query(`ALTER TABLE "chat_members" DROP CONSTRAINT "chat_members_channel_fk"`);
    await queryRunner.query(`ALTER TABLE "chat_channels" DROP CONSTRAINT "chat_channels_user_high_fk"`);
    await queryRunner.query(`ALTER TABLE "chat_channels" DROP CONSTRAINT "chat_channels_user_low_fk"`);
    await queryRunner.query(`ALTER TABLE "chat_channels" DROP CONSTRAINT "chat_channels_unit_fk"`);
    await queryRunner.query(`DROP INDEX "public"."chat_messages_search_idx"`);
    await queryRunner.query(`DROP INDEX "public"."chat_messages_channel_n_key"`);
    await queryRunner.query(`DROP INDEX "public"."chat_messages_idempotency_key"`);
    await queryRunner.query(`DROP TABLE "chat_messages"`);
    await queryRunner.query(`DROP INDEX "public"."chat_members_user_idx"`);
    await queryRunner.query(`DROP TABLE "chat_members"`);
    await queryRunner.query(`DROP INDEX "public"."chat_channels_unit_key"`);
    await queryRunner.query(`DROP INDEX "public"."chat_channels_subject_key"`);
    await queryRunner.query(`DROP INDEX "public"."chat_channels_direct_key"`);
    await queryRunner.query(`DROP INDEX "public"."chat_channels_direct_high_idx"`);
    await queryRunner.query(`DROP TABLE "chat_channels"`);
  }
}
