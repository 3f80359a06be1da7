import type { DelegablePower, DelegationForm } from '@lt/access';
import { OrgUnitEntity } from '@lt/org';
import { PositionEntity, UserEntity } from '@lt/people';
import type { Role } from '@lt/people/roles';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  VersionColumn,
} from 'typeorm';

/**
 * A delegation of authority (ủy quyền): a leader hands named powers of one of their positions
 * to a named person from `starts_at` until `ends_at`, optionally only over one unit of their
 * subtree. It runs until its end or its revocation; rows are never deleted, so what was done
 * thừa ủy quyền stays explained. The position's unit and role are kept as they were given: a
 * delegation of a post its holder no longer holds (moved, removed) runs no more.
 */
@Entity({ name: 'delegations' })
@Index('delegations_delegate_idx', ['delegateId', 'endsAt'])
@Index('delegations_delegator_idx', ['delegatorId', 'endsAt'])
@Check('delegations_period_check', 'ends_at > starts_at')
@Check('delegations_form_check', "form IN ('TUQ', 'Q')")
@Check('delegations_powers_check', 'cardinality(powers) > 0')
@Check('delegations_self_check', 'delegate_id <> delegator_id')
@Check('delegations_revoked_check', '(revoked_at IS NULL) = (revoked_by IS NULL)')
export class DelegationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 4 })
  form: DelegationForm;

  @Column({ name: 'delegator_id', type: 'uuid' })
  delegatorId: string;

  /** The delegator's name as it was given: what the delegate's actions print (TUQ. …). */
  @Column({ name: 'delegator_name', type: 'varchar', length: 200 })
  delegatorName: string;

  /** The delegator's position (null once it is removed: the delegation then runs no more). */
  @Column({ name: 'position_id', type: 'uuid', nullable: true })
  positionId: string | null;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @Column({ type: 'varchar', length: 20 })
  role: Role;

  /** Only over this unit's subtree (inside the position's reach); null: the position's whole reach. */
  @Column({ name: 'limit_unit_id', type: 'uuid', nullable: true })
  limitUnitId: string | null;

  @Column({ name: 'delegate_id', type: 'uuid' })
  delegateId: string;

  @Column({ type: 'varchar', length: 32, array: true })
  powers: DelegablePower[];

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  /** Why (e.g. "Chủ tịch đi công tác nước ngoài"), printed on the delegation. */
  @Column({ type: 'text', default: '' })
  reason: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revoked_by', type: 'uuid', nullable: true })
  revokedBy: string | null;

  @Column({ name: 'revoke_reason', type: 'text', nullable: true })
  revokeReason: string | null;

  @VersionColumn({ type: 'integer' })
  version: number;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'delegator_id', foreignKeyConstraintName: 'delegations_delegator_fk' })
  delegator?: UserEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'delegate_id', foreignKeyConstraintName: 'delegations_delegate_fk' })
  delegate?: UserEntity;

  @ManyToOne(() => PositionEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'position_id', foreignKeyConstraintName: 'delegations_position_fk' })
  position?: PositionEntity;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'delegations_unit_fk' })
  unit?: OrgUnitEntity;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'limit_unit_id', foreignKeyConstraintName: 'delegations_limit_unit_fk' })
  limitUnit?: OrgUnitEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'revoked_by', foreignKeyConstraintName: 'delegations_revoked_by_fk' })
  revoker?: UserEntity;
}
