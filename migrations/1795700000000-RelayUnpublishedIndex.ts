import { MigrationInterface, QueryRunner } from 'typeorm';

/** The relay's check for sequenced-but-unpublished rows ran as a scan of the whole feed. */
export class RelayUnpublishedIndex1795700000000 implements MigrationInterface {
  name = 'RelayUnpublishedIndex1795700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "realtime_events_unpublished_idx" ON "realtime_events" ("seq") WHERE seq IS NOT NULL AND published_at IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."realtime_events_unpublished_idx"`);
  }
}
