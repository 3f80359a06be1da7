import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency-Keys of every command, kept by libs/commands (IdempotencyKeys): the request's
 * fingerprint and the answer it got, written in the command's own transaction. The worker
 * forgets keys after a week.
 */
export class CommandIdempotencyKeys1795810000000 implements MigrationInterface {
  name = 'CommandIdempotencyKeys1795810000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "command_idempotency_keys" (
         "actor_id" uuid NOT NULL,
         "command" varchar(64) NOT NULL,
         "key" varchar(128) NOT NULL,
         "fingerprint" char(64) NOT NULL,
         "response" jsonb,
         "created_at" timestamptz NOT NULL DEFAULT now(),
         CONSTRAINT "command_idempotency_keys_pkey" PRIMARY KEY ("actor_id", "command", "key"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "command_idempotency_keys_created_at" ON "command_idempotency_keys" ("created_at")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "command_idempotency_keys"`);
  }
}
