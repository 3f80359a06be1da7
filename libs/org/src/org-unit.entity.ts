import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

export const UNIT_KINDS = ['city', 'department', 'district', 'ward'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/**
 * `OrganId`: the 13-character organisation identifier carried in inter-agency exchange
 * (Decree 30/2020/NĐ-CP Appendix VI, edXML `organid`), written as four dot-separated groups,
 * e.g. `000.00.00.H17` for Đà Nẵng.
 */
export const ORGAN_ID_PATTERN = /^[A-Z0-9]{3}\.[A-Z0-9]{2}\.[A-Z0-9]{2}\.[A-Z0-9]{3}$/;

@Entity({ name: 'org_units' })
@Check('org_units_kind_check', `kind IN ('city', 'department', 'district', 'ward')`)
@Check('org_units_not_own_parent', `parent_id IS NULL OR parent_id <> id`)
export class OrgUnitEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('org_units_parent_idx')
  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'org_units_parent_fk' })
  parent?: OrgUnitEntity;

  @Column({ type: 'varchar', length: 16 })
  kind: UnitKind;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Short code used in symbols and imports (e.g. `STRA`, `AHB`); unique. */
  @Index('org_units_code_key', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Index('org_units_organ_id_key', { unique: true })
  @Column({ name: 'organ_id', type: 'char', length: 13 })
  organId: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /**
   * Merged (sáp nhập) into that unit at `retiredAt`: inactive from then on, kept under it with
   * its history (its register, its closed tasks), which the resulting unit's leaders read.
   */
  @Index('org_units_merged_into_idx', { where: 'merged_into_id IS NOT NULL' })
  @Column({ name: 'merged_into_id', type: 'uuid', nullable: true })
  mergedIntoId: string | null;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'merged_into_id', foreignKeyConstraintName: 'org_units_merged_into_fk' })
  mergedInto?: OrgUnitEntity;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;

  @VersionColumn({ type: 'integer' })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
