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
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import type { Grade, RankingRules } from './ranking-rules';

/**
 * The ranking rules (quy định xếp loại), versioned: a change adds a rule set, the newest is
 * in force, and every stored month names the one it was computed with.
 */
@Entity({ name: 'ranking_rule_sets' })
@Index('ranking_rule_sets_version_key', ['version'], { unique: true })
export class RankingRuleSetEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** 1, 2, 3 … in the order they were adopted; the highest is in force. */
  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'jsonb' })
  rules: RankingRules;

  /** Null for the default seeded by the migration. */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'ranking_rule_sets_created_by_fk' })
  creator?: UserEntity;
}

/**
 * A month whose ranking is stored (closed): inserted first, in the transaction that stores
 * the month's rows, so two workers (or a worker and a leader asking) compute it once.
 */
@Entity({ name: 'ranking_months' })
@Check('ranking_months_first_day_check', 'EXTRACT(DAY FROM month) = 1')
export class RankingMonthEntity {
  /** The first day of the month (Vietnam calendar). */
  @PrimaryColumn({ type: 'date' })
  month: string;

  @Column({ name: 'rule_set_id', type: 'uuid' })
  ruleSetId: string;

  @Column({ name: 'computed_at', type: 'timestamptz' })
  computedAt: Date;

  /** Who asked for it (POST /ranking/compute); null when the worker computed it. */
  @Column({ name: 'computed_by', type: 'uuid', nullable: true })
  computedBy: string | null;

  @ManyToOne(() => RankingRuleSetEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'rule_set_id', foreignKeyConstraintName: 'ranking_months_rule_set_fk' })
  ruleSet?: RankingRuleSetEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'computed_by', foreignKeyConstraintName: 'ranking_months_computed_by_fk' })
  computer?: UserEntity;
}

export const SUBJECT_TYPES = ['unit', 'user'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

/**
 * One unit's or one person's figures and grade for a closed month (xếp loại hàng tháng).
 * Written once with its month and never updated: a rule change does not touch it.
 */
@Entity({ name: 'monthly_rankings' })
@Index('monthly_rankings_unit_idx', ['month', 'unitId'])
@Check('monthly_rankings_subject_type_check', "subject_type IN ('unit', 'user')")
@Check('monthly_rankings_grade_check', "grade IS NULL OR grade IN ('excellent', 'good', 'done', 'not_done')")
@Check('monthly_rankings_file_figures_check', 'file_on_time >= 0 AND file_late >= 0')
@Check(
  'monthly_rankings_figures_check',
  'on_time >= 0 AND late >= 0 AND counted = on_time + late AND discipline_cases >= 0',
)
export class MonthlyRankingEntity {
  @PrimaryColumn({ type: 'date' })
  month: string;

  @PrimaryColumn({ name: 'subject_type', type: 'varchar', length: 4 })
  subjectType: SubjectType;

  /** The unit, or the person. */
  @PrimaryColumn({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  /** The unit itself, or the unit whose tasks the person led that month (most of them). */
  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  /** Tasks whose judged deadline fell in the month: on time + late. */
  @Column({ type: 'integer' })
  counted: number;

  @Column({ name: 'on_time', type: 'integer' })
  onTime: number;

  @Column({ type: 'integer' })
  late: number;

  /** Citizens' files the unit received whose appointment fell in the month (0 for people). */
  @Column({ name: 'file_on_time', type: 'integer', default: 0 })
  fileOnTime: number;

  @Column({ name: 'file_late', type: 'integer', default: 0 })
  fileLate: number;

  /** Of tasks and files alike. */
  @Column({ name: 'discipline_cases', type: 'integer' })
  disciplineCases: number;

  /** Tasks and files on time over those judged, files weighted by the rule set; 4 places. */
  @Column({
    name: 'on_time_rate',
    type: 'numeric',
    precision: 5,
    scale: 4,
    nullable: true,
    transformer: {
      to: (value: number | null) => value,
      from: (value: string | null) => (value === null ? null : Number(value)),
    },
  })
  onTimeRate: number | null;

  /** Null: nothing was due and no discipline case (không có nhiệm vụ đến hạn). */
  @Column({ type: 'varchar', length: 16, nullable: true })
  grade: Grade | null;

  @Column({ name: 'rule_set_id', type: 'uuid' })
  ruleSetId: string;

  @Column({ name: 'computed_at', type: 'timestamptz' })
  computedAt: Date;

  @ManyToOne(() => RankingMonthEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'month', foreignKeyConstraintName: 'monthly_rankings_month_fk' })
  rankingMonth?: RankingMonthEntity;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'monthly_rankings_unit_fk' })
  unit?: OrgUnitEntity;

  @ManyToOne(() => RankingRuleSetEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'rule_set_id', foreignKeyConstraintName: 'monthly_rankings_rule_set_fk' })
  ruleSet?: RankingRuleSetEntity;
}
