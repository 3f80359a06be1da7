import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A signed annotation never changes (issue 5): the database refuses any change to one, except
 * the single step that lists the tasks it created, in the transaction that created them
 * (`task_ids` from empty). Its document is a real reference.
 */
export class AnnotationsImmutable1795760000000 implements MigrationInterface {
  name = 'AnnotationsImmutable1795760000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "annotations" ADD CONSTRAINT "annotations_document_fk" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE FUNCTION annotations_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'UPDATE' AND cardinality(OLD.task_ids) = 0
            AND (to_jsonb(NEW) - 'task_ids') = (to_jsonb(OLD) - 'task_ids') THEN
           RETURN NEW;
         END IF;
         RAISE EXCEPTION 'a signed annotation never changes (annotation %)', OLD.id
           USING ERRCODE = 'integrity_constraint_violation';
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER annotations_immutable BEFORE UPDATE OR DELETE ON "annotations"
         FOR EACH ROW EXECUTE FUNCTION annotations_immutable()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER annotations_immutable ON "annotations"`);
    await queryRunner.query(`DROP FUNCTION annotations_immutable()`);
    await queryRunner.query(`ALTER TABLE "annotations" DROP CONSTRAINT "annotations_document_fk"`);
  }
}
