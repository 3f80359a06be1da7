import { OrgUnitEntity } from '@lt/org';
import { UserEntity } from '@lt/people';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

/**
 * A merger (sáp nhập) or split (chia tách) as carried out: which units went into which, from
 * when, by whom, and what each library moved. The record the reorganisation is found by, next
 * to its audit entry; rows are never changed.
 */
@Entity({ name: 'reorganisations' })
@Index('reorganisations_target_idx', ['targetId', 'effectiveAt'])
@Check('reorganisations_kind_check', "kind IN ('merge', 'split', 'rename')")
export class ReorganisationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 8 })
  kind: 'merge' | 'split' | 'rename';

  @Column({ name: 'source_ids', type: 'uuid', array: true })
  sourceIds: string[];

  @Column({ name: 'target_id', type: 'uuid' })
  targetId: string;

  /** In a split: the people who moved. */
  @Column({ name: 'user_ids', type: 'uuid', array: true, nullable: true })
  userIds: string[] | null;

  @Column({ name: 'effective_at', type: 'timestamptz' })
  effectiveAt: Date;

  /** Per library, what moved (the dry run showed the same). */
  @Column({ type: 'jsonb' })
  moved: Record<string, Record<string, number>>;

  /** Why, as the decision says it (e.g. Nghị quyết số 1659/NQ-UBTVQH15). */
  @Column({ type: 'text', default: '' })
  basis: string;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'target_id', foreignKeyConstraintName: 'reorganisations_target_fk' })
  target?: OrgUnitEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'reorganisations_created_by_fk' })
  creator?: UserEntity;
}
