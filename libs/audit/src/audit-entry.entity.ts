import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One append-only audit entry. Entries form a hash chain per unit (`chain` is the id of the
 * unit the actor acted for, or `system`): each `hash` covers the entry and the previous
 * entry's hash, so editing or deleting any entry breaks the chain from there on. A trigger
 * refuses UPDATE and DELETE on this table (see the Foundation migration).
 */
@Entity({ name: 'audit_entries' })
@Index('audit_entries_chain_seq_key', ['chain', 'seq'], { unique: true })
@Index('audit_entries_subject_idx', ['subjectType', 'subjectId'])
export class AuditEntryEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  chain: string;

  @Column({ type: 'bigint' })
  seq: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ name: 'acting_unit_id', type: 'uuid', nullable: true })
  actingUnitId: string | null;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ name: 'subject_type', type: 'varchar', length: 32 })
  subjectType: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 64 })
  subjectId: string;

  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, unknown> | null;

  @Column({ name: 'request_id', type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  /** Acting thừa ủy quyền: the delegator whose authority the actor used. */
  @Column({ name: 'on_behalf_of_id', type: 'uuid', nullable: true })
  onBehalfOfId: string | null;

  @Column({ name: 'delegation_id', type: 'uuid', nullable: true })
  delegationId: string | null;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash: string;

  @Column({ type: 'char', length: 64 })
  hash: string;
}

/** The last link of each chain, locked while an entry is appended; detects cut-off tails. */
@Entity({ name: 'audit_chain_heads' })
export class AuditChainHeadEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  chain: string;

  @Column({ type: 'bigint' })
  seq: string;

  @Column({ type: 'char', length: 64 })
  hash: string;
}
