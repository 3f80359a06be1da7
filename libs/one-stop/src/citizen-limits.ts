import { Injectable } from '@nestjs/common';
import { consumeOrRefuse, rateLimited } from '@lt/auth';
import { AppConfig } from '@lt/config';
import { timingSafeEqual } from 'node:crypto';
import { RateLimiterMemory } from 'rate-limiter-flexible';

const LIMIT = (per: 'address' | 'code') => ({ kind: 'citizen_lookup', per });

/**
 * The limits of the citizens' public routes (no account): requests per client address
 * (`ONE_STOP_LOOKUPS_PER_MINUTE`), and wrong PINs per code across addresses
 * (`ONE_STOP_WRONG_PINS_PER_HOUR`), so the six digits of a file's or a feedback's PIN cannot be
 * tried out. A wrong code and a wrong PIN are counted alike: the answer tells nothing. Limits
 * live in this instance's memory; nginx turns floods away before them (deploy/nginx).
 */
@Injectable()
export class CitizenLimits {
  private readonly perAddress: RateLimiterMemory;
  private readonly wrongPins: RateLimiterMemory;

  constructor(config: AppConfig) {
    this.perAddress = new RateLimiterMemory({
      points: config.ONE_STOP_LOOKUPS_PER_MINUTE,
      duration: 60,
      keyPrefix: 'lookup',
    });
    this.wrongPins = new RateLimiterMemory({
      points: config.ONE_STOP_WRONG_PINS_PER_HOUR,
      duration: 3600,
      keyPrefix: 'lookup-pin',
    });
  }

  /** One request from `address`: 429 with Retry-After past the limit. */
  async request(address: string | undefined): Promise<void> {
    await consumeOrRefuse(this.perAddress, address ?? 'unknown', LIMIT('address'));
  }

  /**
   * The record behind `code` when `pin` is its PIN; otherwise the wrong PIN is counted and
   * `notFound` thrown. Past the limit even the right PIN is refused (429) for the hour.
   */
  async second<T extends object>(
    code: string,
    find: () => Promise<(T & { pinOf: string }) | null>,
    pin: string,
    notFound: () => Error,
  ): Promise<T> {
    const locked = await this.wrongPins.get(code);
    if (locked && locked.remainingPoints <= 0) throw rateLimited(locked, LIMIT('code'));
    const found = await find();
    if (!found || !samePin(found.pinOf, pin)) {
      await consumeOrRefuse(this.wrongPins, code, LIMIT('code'));
      throw notFound();
    }
    return found;
  }
}

function samePin(stored: string, given: string): boolean {
  const a = Buffer.from(stored);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
