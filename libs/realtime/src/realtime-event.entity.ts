import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The outbox and the feed in one table. A use-case writes its events here in the
 * transaction of its change; the relay later gives each one a `seq` (in commit order) and
 * publishes it. Durable events stay readable as each audience member's feed, ordered by
 * `seq`; live-only ones (`durable = false`) are views clients can re-read and are pruned soon.
 */
@Entity({ name: 'realtime_events' })
@Index('realtime_events_seq_key', ['seq'], { unique: true })
@Index('realtime_events_unsequenced_idx', ['id'], { where: 'seq IS NULL' })
// The relay's restart check (sequenced, never published) must not scan every published event.
@Index('realtime_events_unpublished_idx', ['seq'], { where: 'seq IS NOT NULL AND published_at IS NULL' })
// GIN index over `audience`, created by hand in the migration (TypeORM cannot declare GIN).
@Index('realtime_events_audience_idx', { synchronize: false })
export class RealtimeEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  /** Given by the relay, under its lock, in the order events became visible; the cursor. */
  @Column({ type: 'bigint', nullable: true })
  seq: string | null;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  /** The people whose feed holds the event (and whose `user:` rooms receive it live). */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  audience: string[];

  /** Further rooms that receive it live (e.g. `directive:<id>` watchers). */
  @Column({ type: 'varchar', array: true, default: () => "'{}'" })
  rooms: string[];

  @Column({ type: 'boolean' })
  durable: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;
}
