import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@lt/config';
import { createAdapter as createPostgresAdapter } from '@socket.io/postgres-adapter';
import { createAdapter as createRedisAdapter } from '@socket.io/redis-adapter';
import { Pool, PoolClient } from 'pg';
import { createClient } from 'redis';

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

type RedisClient = ReturnType<typeof createClient>;
type AdapterFactory = ReturnType<typeof createRedisAdapter> | ReturnType<typeof createPostgresAdapter>;

/** The table the PostgreSQL adapter keeps messages too large for NOTIFY in (migration RealtimeAdapterTable). */
export const ADAPTER_ATTACHMENTS_TABLE = 'realtime_adapter_attachments';

/**
 * How API instances share live emissions: the socket.io Redis adapter with REDIS_URL (large
 * deployments), otherwise the socket.io PostgreSQL adapter over the database every instance
 * already uses (LISTEN/NOTIFY), so several instances work with nothing more installed.
 *
 * Either way the durable copy of every event lives in PostgreSQL (the feed): a client that
 * misses a live emission while the broker is away catches up from its cursor. We use Redis
 * pub/sub, not streams, for the same reason: the feed is the replay, the broker only fans out.
 *
 * `flush()` is what keeps `seq` order across instances: the relay waits for it before it lets
 * another instance publish. Redis runs one connection's commands in order, so a PING answers
 * after every earlier PUBLISH. The PostgreSQL adapter publishes through its pool; ours has one
 * connection for LISTEN and exactly one for NOTIFY, so a query on it answers after every
 * earlier NOTIFY (pg's pool queues in order).
 */
@Injectable()
export class RealtimeBroker implements OnApplicationShutdown {
  private readonly logger = new Logger(RealtimeBroker.name);
  private redis: { pub: RedisClient; sub: RedisClient } | null = null;
  private pool: Pool | null = null;
  /** The namespaces' adapters, closed before the pool ends (socket.io closes them only later). */
  private readonly adapters: { close(): unknown }[] = [];
  private closing = false;
  /** Connections the adapter holds; one it acquired while closing would keep pool.end() waiting. */
  private readonly checkedOut = new Set<PoolClient>();

  constructor(private readonly config: AppConfig) {}

  /** 'redis' with REDIS_URL, else 'postgres'. */
  get kind(): 'redis' | 'postgres' {
    return this.config.REDIS_URL ? 'redis' : 'postgres';
  }

  /** Connects before the socket.io server is created (the adapters need their connections). */
  async connect(): Promise<void> {
    if (this.redis || this.pool) return;
    if (this.kind === 'redis') {
      const pub = createClient({ url: this.config.REDIS_URL });
      const sub = pub.duplicate();
      for (const client of [pub, sub])
        client.on('error', (error: unknown) => this.logger.error({ err: error }, 'redis connection error'));
      await Promise.all([pub.connect(), sub.connect()]);
      this.redis = { pub, sub };
      return;
    }
    const pool = new Pool({
      connectionString: this.config.DATABASE_URL,
      max: 2,
      application_name: 'lien-thong-adapter',
    });
    // An idle connection dropped by the server (restart, failover) must not end the process;
    // the adapter re-listens by itself and the feed covers what was missed.
    const lost = (error: Error) => {
      if (!this.closing) this.logger.warn(`adapter connection lost: ${error.message}`);
    };
    pool.on('error', lost);
    // The adapter keeps its LISTEN connection checked out; errors on it reach only the client.
    pool.on('connect', (client) => client.on('error', lost));
    pool.on('acquire', (client) => this.checkedOut.add(client));
    pool.on('release', (_error, client) => this.checkedOut.delete(client));
    await pool.query('SELECT 1');
    this.pool = pool;
  }

  adapter(): AdapterFactory | null {
    if (this.redis)
      return createRedisAdapter(this.redis.pub, this.redis.sub, { key: this.config.REALTIME_CHANNEL_PREFIX });
    if (!this.pool) return null;
    const factory = createPostgresAdapter(this.pool, {
      channelPrefix: this.config.REALTIME_CHANNEL_PREFIX,
      tableName: ADAPTER_ATTACHMENTS_TABLE,
      errorHandler: (error: Error) => {
        if (!this.closing) this.logger.warn(`postgres adapter: ${error.message}`);
      },
    });
    const adapters = this.adapters;
    // socket.io calls the factory with `new`: a plain function that returns the adapter.
    return function (nsp: Parameters<typeof factory>[0]) {
      const adapter = factory(nsp);
      adapters.push(adapter);
      return adapter;
    } as typeof factory;
  }

  /** Resolves when everything emitted so far has left this process (see the class comment). */
  async flush(): Promise<void> {
    // Closing: a query queued on a pool that is ending would never be answered, and the relay
    // waiting for it would hold the shutdown forever.
    if (this.closing) return;
    const done = this.redis ? this.redis.pub.ping() : this.pool?.query('SELECT 1');
    if (!done) return;
    const late = await Promise.race([done.then(() => false), delay(5000).then(() => true)]);
    if (late) this.logger.warn('realtime broker: flush took over 5 s; publishing on');
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    if (this.redis)
      for (const client of [this.redis.pub, this.redis.sub]) await client.quit().catch(() => undefined);
    if (this.pool) {
      // The adapter holds one connection for LISTEN until it is closed; pool.end() waits for it.
      for (const adapter of this.adapters.splice(0))
        await Promise.resolve(adapter.close()).catch(() => undefined);
      const ended = this.pool.end().catch(() => undefined);
      // The adapter may be between acquiring its LISTEN connection and recording it (its
      // close() then misses it): give it a moment, then destroy what is still held.
      const late = await Promise.race([ended.then(() => false), delay(1000).then(() => true)]);
      if (late) {
        for (const client of this.checkedOut) client.release(true);
        await Promise.race([ended, delay(1000)]);
      }
    }
    this.redis = null;
    this.pool = null;
  }
}
