import {
  applyDecorators,
  CanActivate,
  ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { AppError, ErrorBodyDto } from '@lt/common';
import { AppConfig } from '@lt/config';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { AuthenticatedRequest } from './decorators';

/** What a person posts that others must read or store: each has its own per-person limit. */
export type PostingKind = 'directive' | 'chat_message' | 'upload';

/** Who is posting: the person, and the address the request came from (through TRUST_PROXY). */
export interface Poster {
  userId: string;
  address?: string | null;
}

/**
 * Limits against a runaway script or a stolen session flooding others' inboxes and the disk:
 * per person and kind, and per address for all kinds together (an office behind one NAT
 * shares it, so it is set higher). Fixed one-minute windows, counted in this API instance's
 * memory: with N instances behind the proxy a person may post up to N times the limit.
 * The REST routes (`@PostingLimit`) and the socket handlers call the same `consume`.
 */
@Injectable()
export class PostingLimits {
  private readonly perPerson: Record<PostingKind, RateLimiterMemory>;
  private readonly perAddress: RateLimiterMemory;

  constructor(config: AppConfig) {
    const perMinute = (points: number, keyPrefix: string) =>
      new RateLimiterMemory({ points, duration: 60, keyPrefix });
    this.perPerson = {
      directive: perMinute(config.POST_LIMIT_DIRECTIVES_PER_MINUTE, 'directive'),
      chat_message: perMinute(config.POST_LIMIT_CHAT_MESSAGES_PER_MINUTE, 'chat_message'),
      upload: perMinute(config.POST_LIMIT_UPLOADS_PER_MINUTE, 'upload'),
    };
    this.perAddress = perMinute(config.POST_LIMIT_PER_ADDRESS_PER_MINUTE, 'address');
  }

  /** Counts one post; refuses with 429 `request/rate_limited` and when to retry once a limit is reached. */
  async consume(kind: PostingKind, poster: Poster): Promise<void> {
    await this.take(this.perPerson[kind], poster.userId, kind, 'person');
    if (poster.address) await this.take(this.perAddress, poster.address, kind, 'address');
  }

  private take(limiter: RateLimiterMemory, key: string, kind: PostingKind, per: 'person' | 'address') {
    return consumeOrRefuse(limiter, key, { kind, per, limitPerMinute: limiter.points });
  }
}

/** `request/rate_limited` with `details` and when to retry (the Retry-After header follows). */
export function rateLimited(res: RateLimiterRes, details: Record<string, unknown>): AppError {
  return new AppError('request/rate_limited', {
    ...details,
    retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
  });
}

/** Counts one against `key`; past the limit, refuses with {@link rateLimited}. */
export async function consumeOrRefuse(
  limiter: RateLimiterMemory,
  key: string,
  details: Record<string, unknown>,
): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (refusal) {
    if (!(refusal instanceof RateLimiterRes)) throw refusal;
    throw rateLimited(refusal, details);
  }
}

const POSTING_KIND = 'lt:posting-kind';

@Injectable()
export class PostingLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: PostingLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const kind = this.reflector.get<PostingKind>(POSTING_KIND, context.getHandler());
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    await this.limits.consume(kind, { userId: request.user.userId, address: request.ip });
    return true;
  }
}

/** A route that posts `kind`: counted against the person's and the address's limits. */
export function PostingLimit(kind: PostingKind) {
  return applyDecorators(
    SetMetadata(POSTING_KIND, kind),
    UseGuards(PostingLimitGuard),
    ApiTooManyRequestsResponse({
      type: ErrorBodyDto,
      description: 'request/rate_limited: the per-person or per-address posting limit, with Retry-After',
    }),
  );
}
