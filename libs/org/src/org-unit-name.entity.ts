import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { OrgUnitEntity } from './org-unit.entity';

/**
 * A name, code and OrganId a unit bore until `validUntil` (đổi tên, đổi mã): the unit keeps
 * its id and its records, and what was written under its former name still finds it.
 */
@Entity({ name: 'org_unit_names' })
@Index('org_unit_names_unit_idx', ['unitId', 'validUntil'])
export class OrgUnitNameEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'org_unit_names_unit_fk' })
  unit?: OrgUnitEntity;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ name: 'organ_id', type: 'char', length: 13 })
  organId: string;

  /** When the unit stopped bearing it: the renaming's effective date. */
  @Column({ name: 'valid_until', type: 'timestamptz' })
  validUntil: Date;

  /** The reorganisation that renamed it (none for an admin's correction). */
  @Column({ name: 'reorganisation_id', type: 'uuid', nullable: true })
  reorganisationId: string | null;

  @Column({ name: 'changed_by', type: 'uuid', nullable: true })
  changedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
