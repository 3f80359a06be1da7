import { DirectiveEntity } from '@lt/directives';
import { OrgUnitEntity } from '@lt/org';
import { UserEntity } from '@lt/people';
import type { ChannelKind, ThreadSubjectType } from './chat-events';
import {
  Check,
  JoinColumn,
  ManyToOne,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  VersionColumn,
} from 'typeorm';

/**
 * A conversation: one per unit (its people), one thread per directive, task or document, and
 * one per pair of people. Rows are made on first use. `lastN` numbers the channel's messages
 * under the row's lock, so a channel's messages are gapless and in commit order.
 */
@Entity({ name: 'chat_channels' })
@Check('chat_channels_kind_check', `kind IN ('unit', 'thread', 'direct')`)
@Check('chat_channels_subject_type_check', `subject_type IN ('directive', 'task', 'document')`)
@Check(
  'chat_channels_shape_check',
  `(kind = 'unit') = (unit_id IS NOT NULL)
   AND (kind = 'thread') = (subject_type IS NOT NULL AND subject_id IS NOT NULL)
   AND (kind = 'direct') = (user_low IS NOT NULL AND user_high IS NOT NULL AND user_low < user_high)`,
)
@Index('chat_channels_unit_key', ['unitId'], { unique: true, where: 'unit_id IS NOT NULL' })
@Index('chat_channels_subject_key', ['subjectType', 'subjectId'], {
  unique: true,
  where: 'subject_id IS NOT NULL',
})
@Index('chat_channels_direct_key', ['userLow', 'userHigh'], { unique: true, where: 'user_low IS NOT NULL' })
@Index('chat_channels_direct_high_idx', ['userHigh'], { where: 'user_high IS NOT NULL' })
export class ChatChannelEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 10 })
  kind: ChannelKind;

  @Column({ name: 'unit_id', type: 'uuid', nullable: true })
  unitId: string | null;

  @Column({ name: 'subject_type', type: 'varchar', length: 20, nullable: true })
  subjectType: ThreadSubjectType | null;

  @Column({ name: 'subject_id', type: 'uuid', nullable: true })
  subjectId: string | null;

  /** The two people of a direct channel, the smaller id first (one channel per pair). */
  @Column({ name: 'user_low', type: 'uuid', nullable: true })
  userLow: string | null;

  @Column({ name: 'user_high', type: 'uuid', nullable: true })
  userHigh: string | null;

  @Column({ name: 'last_n', type: 'bigint', default: 0 })
  lastN: string;

  @Column({ name: 'last_message_at', type: 'timestamptz', nullable: true })
  lastMessageAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => OrgUnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'chat_channels_unit_fk' })
  unit?: OrgUnitEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_low', foreignKeyConstraintName: 'chat_channels_user_low_fk' })
  low?: UserEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_high', foreignKeyConstraintName: 'chat_channels_user_high_fk' })
  high?: UserEntity;
}

/**
 * A person's place in a channel: how far they have read, and whether they follow it (a
 * thread's followers get its messages live; a unit's people and a pair always do).
 */
@Entity({ name: 'chat_members' })
@Index('chat_members_user_idx', ['userId'])
export class ChatMemberEntity {
  @PrimaryColumn({ name: 'channel_id', type: 'uuid' })
  channelId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'last_read_n', type: 'bigint', default: 0 })
  lastReadN: string;

  @Column({ type: 'boolean', default: true })
  following: boolean;

  @CreateDateColumn({ name: 'joined_at', type: 'timestamptz' })
  joinedAt: Date;

  @ManyToOne(() => ChatChannelEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'channel_id', foreignKeyConstraintName: 'chat_members_channel_fk' })
  channel?: ChatChannelEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'chat_members_user_fk' })
  user?: UserEntity;
}

/** One message. Edits and deletions keep the earlier text in the audit log, not here. */
@Entity({ name: 'chat_messages' })
@Index('chat_messages_channel_n_key', ['channelId', 'n'], { unique: true })
@Index('chat_messages_idempotency_key', ['authorId', 'idempotencyKey'], {
  unique: true,
  where: 'idempotency_key IS NOT NULL',
})
// GIN over to_tsvector('simple', lt_fold(body)), created by hand in the migration (TypeORM cannot declare it).
@Index('chat_messages_search_idx', { synchronize: false })
@Check('chat_messages_body_length_check', 'char_length(body) <= 4000')
export class ChatMessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'channel_id', type: 'uuid' })
  channelId: string;

  @Column({ type: 'bigint' })
  n: string;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  mentions: string[];

  /** An announcement's directive (thông báo), whose receipts track who acknowledged it. */
  @Column({ name: 'directive_id', type: 'uuid', nullable: true })
  directiveId: string | null;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 128, nullable: true })
  idempotencyKey: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'edited_at', type: 'timestamptz', nullable: true })
  editedAt: Date | null;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @VersionColumn()
  version: number;

  @ManyToOne(() => ChatChannelEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'channel_id', foreignKeyConstraintName: 'chat_messages_channel_fk' })
  channel?: ChatChannelEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'chat_messages_author_fk' })
  author?: UserEntity;

  @ManyToOne(() => DirectiveEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'directive_id', foreignKeyConstraintName: 'chat_messages_directive_fk' })
  directive?: DirectiveEntity;
}
