import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The socket.io PostgreSQL adapter (API instances sharing live emissions without Redis)
 * sends each emission as a NOTIFY; one larger than NOTIFY's 8,000 bytes goes into this
 * table and the NOTIFY carries its id. The adapter deletes rows older than 30 s itself.
 * Owned by libs/realtime (ADAPTER_ATTACHMENTS_TABLE); the shape is the adapter's own.
 */
export class RealtimeAdapterTable1795800000000 implements MigrationInterface {
  name = 'RealtimeAdapterTable1795800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "realtime_adapter_attachments" ("id" bigserial PRIMARY KEY, "created_at" timestamptz NOT NULL DEFAULT now(), "payload" bytea NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "realtime_adapter_attachments_created_at" ON "realtime_adapter_attachments" ("created_at")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "realtime_adapter_attachments"`);
  }
}
