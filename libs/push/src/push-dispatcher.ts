import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@lt/config';
import { PublishedEvent, RealtimeRelay, rooms } from '@lt/realtime';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import type { Server } from 'socket.io';
import webPush, { WebPushError } from 'web-push';
import { PushNotices, type PushNotice } from './push-notices';
import { PushSubscriptions } from './push-subscriptions';
import { vapidKeys, type VapidKeys } from './vapid-keys';

/** How long a push service keeps a message for a browser that is off (seconds). */
const PUSH_TTL_SECONDS = 24 * 3600;
const SEND_TIMEOUT_MS = 10_000;

/**
 * Web Push for people with no tab open: after each batch the relay published, the events a
 * library worded as notices (PushNotices) go, encrypted (RFC 8291) and signed with the VAPID
 * key (RFC 8292), to the subscribed browsers of their audience who have no socket connected on
 * any instance — someone with a tab open gets the event there, and the page itself raises the
 * notification when the tab is hidden. Best effort: the feed stays the record, a push lost to
 * a restart is caught up by the feed when the app opens. Batches go one after another, off the
 * relay's path.
 */
@Injectable()
export class PushDispatcher implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('WebPush');
  private readonly keys: VapidKeys;
  private readonly subject: string;
  private readonly agent?: Agent;
  private queue: Promise<void> = Promise.resolve();
  private unsubscribe?: () => void;

  constructor(
    private readonly relay: RealtimeRelay,
    private readonly notices: PushNotices,
    private readonly subscriptions: PushSubscriptions,
    config: AppConfig,
  ) {
    this.subject = config.VAPID_SUBJECT;
    this.keys = vapidKeys(config);
    if (config.PUSH_CA_FILE)
      this.agent = new Agent({ ca: readFileSync(config.PUSH_CA_FILE), keepAlive: true });
  }

  /** The key browsers subscribe with (applicationServerKey): the one pushes are signed with. */
  get publicKey(): string {
    return this.keys.publicKey;
  }

  onModuleInit(): void {
    this.unsubscribe = this.relay.onPublished((events, server) => {
      this.queue = this.queue.then(() =>
        this.dispatch(events, server).catch((error: unknown) =>
          this.logger.error({ err: error }, 'web push dispatch failed'),
        ),
      );
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.unsubscribe?.();
    await this.idle();
  }

  /** Resolves once every batch handed over so far has been sent (tests). */
  async idle(): Promise<void> {
    await this.queue;
  }

  private async dispatch(events: PublishedEvent[], server: Server): Promise<void> {
    const noticed = events.flatMap((e) => {
      const notice = this.notices.word(e.name, e.payload);
      return notice ? [{ notice, audience: e.audience }] : [];
    });
    if (noticed.length === 0) return;
    const subscriptions = await this.subscriptions.of([...new Set(noticed.flatMap((n) => n.audience))]);
    if (subscriptions.length === 0) return;
    const online = new Set<string>();
    for (const userId of new Set(subscriptions.map((s) => s.userId)))
      if ((await server.in(rooms.user(userId)).fetchSockets()).length > 0) online.add(userId);
    const sent: string[] = [];
    const gone: string[] = [];
    for (const { notice, audience } of noticed) {
      const told = new Set(audience);
      for (const s of subscriptions.filter((s) => told.has(s.userId) && !online.has(s.userId))) {
        const outcome = await this.send(s, notice);
        (outcome === 'sent' ? sent : outcome === 'gone' ? gone : []).push(s.id);
      }
    }
    await this.subscriptions.sent([...new Set(sent)], [...new Set(gone)]);
  }

  private async send(
    s: { endpoint: string; p256dh: string; auth: string },
    notice: PushNotice,
  ): Promise<'sent' | 'gone' | 'failed'> {
    try {
      await webPush.sendNotification(
        { endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } },
        JSON.stringify(notice),
        {
          vapidDetails: { subject: this.subject, ...this.keys },
          TTL: PUSH_TTL_SECONDS,
          urgency: 'high',
          timeout: SEND_TIMEOUT_MS,
          ...(this.agent ? { agent: this.agent } : {}),
        },
      );
      return 'sent';
    } catch (error) {
      if (error instanceof WebPushError && (error.statusCode === 404 || error.statusCode === 410))
        return 'gone';
      this.logger.warn(
        `web push to ${new URL(s.endpoint).origin} failed: ${error instanceof WebPushError ? error.statusCode : String(error)}`,
      );
      return 'failed';
    }
  }
}
