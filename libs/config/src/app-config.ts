import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

// Both read the raw string (`obj[key]`): implicit conversion would already have turned
// 'false' into true.
type Raw = { obj: Record<string, unknown>; key: string };
const toBoolean = ({ obj, key }: Raw) => {
  const value = obj[key];
  return typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;
};
const toList = ({ obj, key }: Raw) => {
  const value = obj[key];
  return typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : value;
};

/** The shapes of local government the demo organisation comes in (DEMO_ORG). */
export const DEMO_ORG_SHAPES = ['three-tier', 'two-tier'] as const;
export type DemoOrgShape = (typeof DEMO_ORG_SHAPES)[number];

/**
 * Every setting the processes read, validated once at boot. Nothing else reads process.env
 * (lint enforces it), so this class is the configuration table of docs/configuration.md. Every field
 * has an explicit type: class-transformer converts strings by the emitted design type.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsString()
  HOST: string = '127.0.0.1';

  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// connection URL' })
  DATABASE_URL: string;

  /**
   * A read replica for the heavy reads that tolerate a little lag (the task summary table,
   * the monthly ranking); DATABASE_URL when unset.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// connection URL' })
  DATABASE_READ_URL?: string;

  /**
   * Send statements with parameters as named prepared statements, parsed once per connection
   * (libs/database/src/prepared-statements.ts). Off behind a pooler that cannot keep them
   * (PgBouncer in transaction mode before 1.21), or to measure what they buy.
   */
  @Transform(toBoolean)
  @IsBoolean()
  DATABASE_PREPARED_STATEMENTS: boolean = true;

  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters (a random secret)' })
  JWT_SECRET: string;

  @IsInt()
  @Min(30)
  @Max(86400)
  ACCESS_TOKEN_TTL_SECONDS: number = 900;

  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS: number = 14;

  @IsInt()
  @Min(1)
  @Max(100)
  SIGNIN_MAX_FAILURES: number = 5;

  @IsInt()
  @Min(1)
  @Max(1440)
  SIGNIN_LOCK_MINUTES: number = 15;

  /** argon2id cost; the defaults follow the OWASP password storage recommendation (19 MiB, t=2). */
  @IsInt()
  @Min(1024)
  ARGON2_MEMORY_KIB: number = 19456;

  @IsInt()
  @Min(1)
  @Max(10)
  ARGON2_TIME_COST: number = 2;

  @Matches(/^\d+(b|kb|mb)$/i, { message: "must be a size such as '256kb' or '1mb'" })
  BODY_LIMIT: string = '256kb';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @Transform(toList)
  @IsString({ each: true })
  CORS_ORIGINS: string[] = [];

  /**
   * Which proxies' X-Forwarded-For to believe for the client's address (sign-in throttling,
   * the audit log): Express's `trust proxy` list, e.g. "loopback" or "loopback, 10.0.0.5".
   */
  @Transform(toList)
  @IsString({ each: true })
  TRUST_PROXY: string[] = ['loopback'];

  /** Strict-Transport-Security on responses to requests that came over TLS; 0 sends none. */
  @IsInt()
  @Min(0)
  @Max(63072000)
  HSTS_MAX_AGE_SECONDS: number = 15552000;

  /** Seed the demo organisation (Đà Nẵng) when the database holds no units yet. */
  @Transform(toBoolean)
  @IsBoolean()
  DEMO_DATA: boolean = false;

  /**
   * Which demo organisation DEMO_DATA seeds: Đà Nẵng with districts (three-tier, before
   * 1 July 2025) or with wards and communes directly under the city (two-tier, since).
   */
  @IsIn(DEMO_ORG_SHAPES)
  DEMO_ORG: DemoOrgShape = 'three-tier';

  @IsInt()
  @Min(1)
  @Max(3600)
  WORKER_HEARTBEAT_SECONDS: number = 30;

  @IsOptional()
  @IsString()
  DATA_DIR?: string;

  /**
   * API instances share live events through the socket.io Redis adapter when this is set,
   * otherwise through the socket.io PostgreSQL adapter on DATABASE_URL.
   */
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// connection URL' })
  REDIS_URL?: string;

  /** Channel prefix of the adapter (Redis or PostgreSQL): deployments sharing a server keep apart. */
  @Matches(/^[A-Za-z0-9._:-]{1,40}$/, { message: 'up to 40 letters, digits and ._:- only' })
  REALTIME_CHANNEL_PREFIX: string = 'lien-thong';

  /** How often an API instance looks for outbox events written elsewhere (the worker, another instance). */
  @IsInt()
  @Min(10)
  @Max(60000)
  REALTIME_POLL_MS: number = 250;

  /** Largest socket.io message a client may send; larger ones close that connection. */
  @IsInt()
  @Min(1024)
  @Max(10_000_000)
  SOCKET_MAX_MESSAGE_BYTES: number = 64 * 1024;

  /**
   * A client that stops reading is cut off once the server holds this much unread for it
   * (it catches up from the feed on reconnect) instead of until the ping timeout.
   */
  @IsInt()
  @Min(64 * 1024)
  @Max(1024 * 1024 * 1024)
  SOCKET_MAX_QUEUED_BYTES: number = 1024 * 1024;

  /**
   * Posting limits, per person per minute (directives, chat messages over REST or socket,
   * uploads), and per client address for all of them together: an office behind one NAT
   * address shares it, so it is higher.
   */
  @IsInt()
  @Min(1)
  POST_LIMIT_DIRECTIVES_PER_MINUTE: number = 30;

  @IsInt()
  @Min(1)
  POST_LIMIT_CHAT_MESSAGES_PER_MINUTE: number = 60;

  @IsInt()
  @Min(1)
  POST_LIMIT_UPLOADS_PER_MINUTE: number = 30;

  @IsInt()
  @Min(1)
  POST_LIMIT_PER_ADDRESS_PER_MINUTE: number = 600;

  /**
   * The citizens' public lookup of a file (tra cứu hồ sơ, no account): lookups per client address
   * per minute, and wrong lookup PINs per file code per hour (a PIN cannot be guessed by trying).
   */
  @IsInt()
  @Min(1)
  ONE_STOP_LOOKUPS_PER_MINUTE: number = 20;

  @IsInt()
  @Min(1)
  ONE_STOP_WRONG_PINS_PER_HOUR: number = 10;

  /** Working days a unit's leader has to answer a citizen's feedback (góp ý, phản ánh). */
  @IsInt()
  @Min(1)
  FEEDBACK_ANSWER_DAYS: number = 10;

  /** Days after a file's result is handed back before the applicant's personal data is masked. */
  @IsInt()
  @Min(1)
  ONE_STOP_PERSONAL_DATA_DAYS: number = 730;

  /** Per-socket token bucket: events per second, and the burst allowed above it. */
  @IsInt()
  @Min(1)
  @Max(10000)
  SOCKET_RATE_PER_SECOND: number = 20;

  @IsInt()
  @Min(1)
  @Max(10000)
  SOCKET_RATE_BURST: number = 60;

  /** Durable feed events older than this are pruned; a client further behind reloads. */
  @IsInt()
  @Min(1)
  @Max(3650)
  FEED_RETENTION_DAYS: number = 60;

  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  ATTACHMENT_MAX_BYTES: number = 20 * 1024 * 1024;

  /** Uploads not yet attached to anything, per person, at most (bytes). */
  @IsInt()
  @Min(1024)
  ATTACHMENT_DRAFT_QUOTA_BYTES: number = 200 * 1024 * 1024;

  /** Uploads never attached are deleted by the worker after this many hours. */
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  ATTACHMENT_DRAFT_HOURS: number = 24;

  /** How often the worker looks for overdue acknowledgements and other timed rules. */
  @IsInt()
  @Min(1)
  @Max(3600)
  WORKER_SCAN_SECONDS: number = 30;

  /** The built browser app (vite build), served at `/`; nothing is served when the folder is missing. */
  @IsString()
  WEB_DIST_DIR: string = 'dist/web';

  /** Encrypts the certificate authority's private key at rest; JWT_SECRET is used when unset. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters (a random secret)' })
  CA_KEY_SECRET?: string;

  /** The name the deployment's certificate authority signs with. */
  @IsString()
  @MinLength(3)
  CA_NAME: string = 'Liên Thông CA';

  /**
   * Certificates (PEM, one file, any number) of the agencies whose edXML packages are trusted,
   * or of the CAs that issued theirs; the deployment's own CA is always trusted.
   */
  @IsOptional()
  @IsString()
  EDXML_TRUSTED_CERTS?: string;

  /** Largest edXML package accepted for import (bytes; attachments travel inside it, base64). */
  @IsInt()
  @Min(1024)
  @Max(200 * 1024 * 1024)
  EDXML_MAX_BYTES: number = 40 * 1024 * 1024;

  /** How long a signer's certificate is valid after enrolment. */
  @IsInt()
  @Min(1)
  @Max(3650)
  CERTIFICATE_VALIDITY_DAYS: number = 365;

  /** How far a signed content's issuedAt may be from the server's clock (replay window). */
  @IsInt()
  @Min(10)
  @Max(86400)
  SIGNATURE_MAX_SKEW_SECONDS: number = 300;

  /**
   * How long a late item waits at each rung before it climbs to the head of the unit above
   * (an unacknowledged directive, an overdue task), up to the top of the tree.
   */
  @IsInt()
  @Min(1)
  @Max(720)
  ESCALATION_STEP_HOURS: number = 24;

  /**
   * Record who opened each document, directive, task and attachment, and every export, in the
   * audit chain (Decree 30/2020: "ai truy cập, xem, khi nào"). Off only to measure what it costs.
   */
  @Transform(toBoolean)
  @IsBoolean()
  AUDIT_VIEWS: boolean = true;

  /** How often the views read are written, in one batch, to the audit chain. */
  @IsInt()
  @Min(10)
  @Max(10_000)
  VIEW_FLUSH_MS: number = 200;

  /** How long before its due date an incoming document not handled yet is reminded (once, and once more if the date moves). */
  @IsInt()
  @Min(1)
  @Max(720)
  DOCUMENT_REMINDER_HOURS: number = 24;

  /** The least time between two urgings (đôn đốc) of one task. */
  @IsInt()
  @Min(1)
  @Max(10080)
  URGE_MIN_INTERVAL_MINUTES: number = 60;

  /**
   * Web Push: the push services a browser's subscription may point at (origins; `*.` matches
   * any subdomain). Anything else is refused, so the server never posts to an address a client
   * picked. Tests name their own receiver on loopback.
   */
  @Transform(toList)
  @IsString({ each: true })
  PUSH_SERVICE_ORIGINS: string[] = [
    'https://fcm.googleapis.com',
    'https://updates.push.services.mozilla.com',
    'https://web.push.apple.com',
    'https://*.notify.windows.com',
  ];

  /** PEM file of the CA of a private push service (on-premise relay, tests); public ones need none. */
  @IsOptional()
  @IsString()
  PUSH_CA_FILE?: string;

  /**
   * The VAPID key pair (RFC 8292; base64url, as `web-push generate-vapid-keys` prints). When unset
   * it is derived from CA_KEY_SECRET (or JWT_SECRET), so every instance signs with the same key;
   * changing that secret then invalidates every browser's subscription.
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{87}$/, { message: 'must be a base64url P-256 public key (87 characters)' })
  VAPID_PUBLIC_KEY?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'must be a base64url P-256 private key (43 characters)' })
  VAPID_PRIVATE_KEY?: string;

  /** Who push services contact about our pushes (RFC 8292 `sub`): a mailto: or https: URL. */
  @Matches(/^(mailto:|https:\/\/).+/, { message: 'must be a mailto: or https: URL' })
  VAPID_SUBJECT: string = 'mailto:quan-tri@lien-thong.invalid';

  /** Hours before a task's deadline at which its lead is reminded, e.g. "24,2". */
  @Transform(({ obj, key }: Raw) => {
    const list = toList({ obj, key });
    return Array.isArray(list) ? list.map(Number) : list;
  })
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(24 * 30, { each: true })
  TASK_REMINDER_HOURS: number[] = [24, 2];

  /** Annotation follow-up: a task not yet submitted this close to its deadline puts its annotation at risk. */
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  FOLLOW_UP_AT_RISK_HOURS: number = 48;

  /** Weekly briefing: reporters who have not submitted are reminded this many hours before the cut-off. */
  @IsInt()
  @Min(1)
  @Max(24 * 14)
  BRIEFING_REMINDER_HOURS: number = 24;

  /** How long after posting its author may still edit or delete a message (minutes). */
  @IsInt()
  @Min(0)
  @Max(24 * 60)
  CHAT_EDIT_WINDOW_MINUTES: number = 15;
}

export class ConfigError extends Error {}

/** Builds and validates the configuration; throws one error naming every wrong value. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.keys(new AppConfig()).concat(
    'DATABASE_URL',
    'DATABASE_READ_URL',
    'JWT_SECRET',
    'DATA_DIR',
    'REDIS_URL',
    'CA_KEY_SECRET',
    'PUSH_CA_FILE',
    'EDXML_TRUSTED_CERTS',
    'VAPID_PUBLIC_KEY',
    'VAPID_PRIVATE_KEY',
  );
  const raw = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => known.includes(k) && v !== undefined && v !== ''),
  );
  const config = plainToInstance(AppConfig, raw, { enableImplicitConversion: true });
  const problems = validateSync(config, { whitelist: true }).map((e) => ({
    property: e.property,
    message: Object.values(e.constraints ?? {}).join('; '),
  }));
  for (const [old, current] of Object.entries(RENAMED))
    if (env[old] !== undefined && env[old] !== '')
      problems.push({ property: old, message: `was renamed ${current}: set that instead` });
  if (problems.length === 0 && config.NODE_ENV === 'production') problems.push(...productionProblems(config));
  if (problems.length > 0) {
    const lines = problems.map(({ property, message }) => {
      const shown = property.includes('SECRET')
        ? '(hidden)'
        : JSON.stringify(raw[property] ?? env[property] ?? null);
      return `  - ${property} = ${shown}: ${message}`;
    });
    throw new ConfigError(`Cấu hình không hợp lệ / Invalid configuration:\n${lines.join('\n')}`);
  }
  return config;
}

/** Settings that were renamed: a deployment still setting the old name hears of it instead of losing it silently. */
const RENAMED: Record<string, string> = { REDIS_CHANNEL_PREFIX: 'REALTIME_CHANNEL_PREFIX' };

/** Words of the placeholders people copy from examples and tests. */
const PLACEHOLDER = /secret|change|example|default|password|test|demo|xxxx/i;

/** Why a secret is too weak for production: a placeholder, or too few distinct characters to be random. */
function weakSecret(value: string): string | null {
  if (PLACEHOLDER.test(value)) return 'looks like a placeholder; generate one: openssl rand -base64 48';
  if (new Set(value).size < 16)
    return 'has too few distinct characters to be random; generate one: openssl rand -base64 48';
  return null;
}

/**
 * Production refuses what is only safe on a laptop: the demo organisation (its accounts share
 * one published password), weak or example secrets, and the CA key sealed under the token
 * secret (rotating JWT_SECRET would then lose the certificate authority).
 */
function productionProblems(config: AppConfig): { property: string; message: string }[] {
  const problems: { property: string; message: string }[] = [];
  if (config.DEMO_DATA)
    problems.push({
      property: 'DEMO_DATA',
      message: 'must be off in production: the demo accounts share a published password',
    });
  const jwtWeak = weakSecret(config.JWT_SECRET);
  if (jwtWeak) problems.push({ property: 'JWT_SECRET', message: jwtWeak });
  if (!config.CA_KEY_SECRET)
    problems.push({
      property: 'CA_KEY_SECRET',
      message:
        'is required in production, apart from JWT_SECRET, so that rotating the token secret keeps the CA key',
    });
  else if (config.CA_KEY_SECRET === config.JWT_SECRET)
    problems.push({ property: 'CA_KEY_SECRET', message: 'must differ from JWT_SECRET' });
  else {
    const caWeak = weakSecret(config.CA_KEY_SECRET);
    if (caWeak) problems.push({ property: 'CA_KEY_SECRET', message: caWeak });
  }
  return problems;
}
