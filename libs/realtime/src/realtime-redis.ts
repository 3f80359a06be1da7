import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@lt/config';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';

type RedisClient = ReturnType<typeof createClient>;

/**
 * The Redis connections of the socket.io adapter, present only when REDIS_URL is set.
 *
 * We use the pub/sub adapter (`@socket.io/redis-adapter`), not the streams adapter: the
 * durable copy of every event already lives in PostgreSQL (the feed), so the streams
 * adapter's own replay after a Redis hiccup would be a second, weaker recovery path, and
 * its stream has to be trimmed and read with a blocking XREAD per instance. Pub/sub adds
 * one PUBLISH per emission and nothing to keep. A client that misses a live emission while
 * Redis is away catches up from its cursor.
 */
@Injectable()
export class RealtimeRedis implements OnApplicationShutdown {
  private readonly logger = new Logger(RealtimeRedis.name);
  private pub: RedisClient | null = null;
  private sub: RedisClient | null = null;

  constructor(private readonly config: AppConfig) {}

  /** Connects before the socket.io server is created (the adapter needs both clients). */
  async connect(): Promise<void> {
    if (!this.config.REDIS_URL || this.pub) return;
    const pub = createClient({ url: this.config.REDIS_URL });
    const sub = pub.duplicate();
    for (const client of [pub, sub]) {
      client.on('error', (error: unknown) => this.logger.error({ err: error }, 'redis connection error'));
    }
    await Promise.all([pub.connect(), sub.connect()]);
    this.pub = pub;
    this.sub = sub;
  }

  get enabled(): boolean {
    return this.pub !== null;
  }

  adapter(): ReturnType<typeof createAdapter> | null {
    return this.pub && this.sub
      ? createAdapter(this.pub, this.sub, { key: this.config.REDIS_CHANNEL_PREFIX })
      : null;
  }

  /**
   * Resolves when Redis has processed every PUBLISH sent so far: commands on one connection
   * run in order, so the PING's answer comes after them. The relay waits for this before
   * it lets another instance publish, which keeps `seq` order across instances.
   */
  async flush(): Promise<void> {
    if (this.pub) await this.pub.ping();
  }

  async onApplicationShutdown(): Promise<void> {
    for (const client of [this.pub, this.sub]) await client?.quit().catch(() => undefined);
    this.pub = this.sub = null;
  }
}
