import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A browser that asked to be told when no tab of Liên Thông is open (Web Push, RFC 8030): the
 * push service's endpoint for it and the keys its payloads are encrypted to (RFC 8291). The
 * endpoint names the browser, not the person: when someone else signs in there and
 * subscribes, it becomes theirs. Removed when the push service says it is gone (404/410).
 */
@Entity({ name: 'push_subscriptions' })
@Index('push_subscriptions_endpoint_key', ['endpoint'], { unique: true })
@Index('push_subscriptions_user_idx', ['userId'])
export class PushSubscriptionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'push_subscriptions_pkey' })
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  endpoint: string;

  /** The browser's P-256 public key, base64url (65 bytes uncompressed). */
  @Column({ type: 'varchar', length: 100 })
  p256dh: string;

  /** The shared authentication secret, base64url (16 bytes). */
  @Column({ type: 'varchar', length: 30 })
  auth: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** When the push service last accepted a message for it; null before the first. */
  @Column({ name: 'last_sent_at', type: 'timestamptz', nullable: true })
  lastSentAt: Date | null;
}
