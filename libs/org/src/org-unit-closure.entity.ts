import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrgUnitEntity } from './org-unit.entity';

/**
 * The org tree as a closure table: one row per (ancestor, descendant) pair, self included
 * at depth 0.
 *
 * Why a closure table rather than ltree or a recursive CTE over parent_id: the two questions
 * every capability asks are "everything under X" (ancestor_id = X, primary-key prefix) and
 * "the chain above Y" (descendant_id = Y, the second index), and dashboards roll figures up
 * by joining facts to this table and grouping by ancestor — plain equality joins on btree
 * indexes, no extension needed on a managed PostgreSQL, and no recursion at read time.
 * Writes (a new unit, a move) touch O(depth × subtree) rows, which is small and rare.
 */
@Entity({ name: 'org_unit_closure' })
@Index('org_unit_closure_descendant_idx', ['descendantId', 'depth'])
export class OrgUnitClosureEntity {
  @PrimaryColumn({ name: 'ancestor_id', type: 'uuid' })
  ancestorId: string;

  @PrimaryColumn({ name: 'descendant_id', type: 'uuid' })
  descendantId: string;

  @Column({ type: 'integer' })
  depth: number;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ancestor_id', foreignKeyConstraintName: 'org_unit_closure_ancestor_fk' })
  ancestor?: OrgUnitEntity;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'descendant_id', foreignKeyConstraintName: 'org_unit_closure_descendant_fk' })
  descendant?: OrgUnitEntity;
}
