import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@lt/access';
import type { AuditInput } from '@lt/audit';
import { CommandRunner } from '@lt/commands';
import { AppError } from '@lt/common';
import { AppConfig } from '@lt/config';
import { DataSource, In } from 'typeorm';
import { checkSubscriptionKeys, pushServiceAllowed } from './push-endpoint';
import { PushSubscriptionEntity } from './push-subscription.entity';
import type { PushSubscriptionDto, PushSubscriptionViewDto } from './push.dto';

const view = (s: PushSubscriptionEntity): PushSubscriptionViewDto => ({
  id: s.id,
  endpoint: s.endpoint,
  createdAt: s.createdAt.toISOString(),
  lastSentAt: s.lastSentAt?.toISOString() ?? null,
});

/** A subscription's audit entry: a personal setting, in the chain of the person's first unit. */
const entry = (
  actor: Actor,
  action: string,
  subjectId: string,
  change: Pick<AuditInput, 'before' | 'after'> = {},
): AuditInput => ({
  actor,
  actingUnitId: actor.principal.positions[0]?.unitId ?? null,
  action,
  subjectType: 'push_subscription',
  subjectId,
  ...change,
});

/** The browsers people subscribed to Web Push: added, listed and removed by their owner. */
@Injectable()
export class PushSubscriptions {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commands: CommandRunner,
    private readonly config: AppConfig,
  ) {}

  /**
   * Subscribes this browser for the signed-in person. The endpoint must be at an allowed push
   * service and the keys well formed; subscribing again refreshes the keys, and a browser
   * someone else had subscribed passes to whoever subscribes it now.
   */
  subscribe(actor: Actor, dto: PushSubscriptionDto, now = new Date()): Promise<PushSubscriptionViewDto> {
    if (!pushServiceAllowed(dto.endpoint, this.config.PUSH_SERVICE_ORIGINS))
      throw new AppError('push/endpoint_not_allowed', { allowed: this.config.PUSH_SERVICE_ORIGINS });
    checkSubscriptionKeys(dto.keys);
    return this.commands.change('push.subscribe', actor, async ({ em, audit }) => {
      const [row]: { id: string; user_id: string | null }[] = await em.query(
        `WITH before AS (SELECT user_id FROM push_subscriptions WHERE endpoint = $2)
         INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth, created_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (endpoint) DO UPDATE SET user_id = EXCLUDED.user_id, p256dh = EXCLUDED.p256dh,
                                              auth = EXCLUDED.auth, created_at = EXCLUDED.created_at
         RETURNING id, (SELECT user_id FROM before) AS user_id`,
        [actor.principal.userId, dto.endpoint, dto.keys.p256dh, dto.keys.auth, now],
      );
      const stored = await em.findOneByOrFail(PushSubscriptionEntity, { id: row.id });
      await audit(
        entry(actor, 'push.subscribe', stored.id, {
          before: row.user_id ? { userId: row.user_id } : null,
          after: { origin: new URL(stored.endpoint).origin },
        }),
      );
      return view(stored);
    });
  }

  async list(actor: Actor): Promise<PushSubscriptionViewDto[]> {
    const rows = await this.dataSource.manager.find(PushSubscriptionEntity, {
      where: { userId: actor.principal.userId },
      order: { createdAt: 'DESC' },
    });
    return rows.map(view);
  }

  /** Removes one of the person's own subscriptions (signing out, turning notifications off). */
  unsubscribe(actor: Actor, endpoint: string): Promise<void> {
    return this.commands.change('push.unsubscribe', actor, async ({ em, audit }) => {
      const own = await em.findOneBy(PushSubscriptionEntity, { endpoint, userId: actor.principal.userId });
      if (!own) throw new AppError('push/subscription_not_found', {});
      await em.delete(PushSubscriptionEntity, { id: own.id });
      await audit(entry(actor, 'push.unsubscribe', own.id));
    });
  }

  /** The subscriptions of these people (the dispatcher's one read per batch). */
  of(userIds: readonly string[]): Promise<PushSubscriptionEntity[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.dataSource.manager.find(PushSubscriptionEntity, { where: { userId: In([...userIds]) } });
  }

  /** What the push service said after a message: accepted, or gone for good. */
  async sent(ids: readonly string[], gone: readonly string[], now = new Date()): Promise<void> {
    // Bookkeeping of delivery, not anyone's change: no actor, no audit, no event.
    if (ids.length > 0)
      await this.dataSource.manager.update(PushSubscriptionEntity, { id: In([...ids]) }, { lastSentAt: now });
    if (gone.length > 0) await this.dataSource.manager.delete(PushSubscriptionEntity, { id: In([...gone]) });
  }
}
