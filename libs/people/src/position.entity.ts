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
import { OrgUnitEntity } from '@lt/org';
import { UserEntity } from './user.entity';

import { Role } from './roles';

export { ROLES } from './roles';
export type { Role } from './roles';

/** A position a person holds in a unit; one person may hold several, in several units. */
@Entity({ name: 'positions' })
@Index('positions_user_unit_role_key', ['userId', 'unitId', 'role'], { unique: true })
@Check('positions_role_check', `role IN ('leader', 'deputy_leader', 'official', 'clerk', 'unit_admin')`)
export class PositionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Index('positions_unit_idx')
  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @Column({ type: 'varchar', length: 20 })
  role: Role;

  /** The title as people say it, e.g. "Chủ tịch UBND phường". */
  @Column({ type: 'varchar', length: 120, nullable: true })
  title: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => UserEntity, (u) => u.positions, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'positions_user_fk' })
  user?: UserEntity;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'positions_unit_fk' })
  unit?: OrgUnitEntity;
}
