import { MigrationInterface, QueryRunner } from 'typeorm';

/** Browsers subscribed to Web Push (libs/push): told of directives when no tab is open. */
export class PushSubscriptions1795840000000 implements MigrationInterface {
  name = 'PushSubscriptions1795840000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "push_subscriptions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL,
         "endpoint" text NOT NULL, "p256dh" character varying(100) NOT NULL, "auth" character varying(30) NOT NULL,
         "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_sent_at" TIMESTAMP WITH TIME ZONE,
         CONSTRAINT "push_subscriptions_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "push_subscriptions_endpoint_key" ON "push_subscriptions" ("endpoint")`,
    );
    await queryRunner.query(`CREATE INDEX "push_subscriptions_user_idx" ON "push_subscriptions" ("user_id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "push_subscriptions"`);
  }
}
