import { Injectable } from '@nestjs/common';
import { AppConfig } from '@lt/config';
import * as argon2 from 'argon2';

/** argon2id hashing with the configured cost. */
@Injectable()
export class PasswordHasher {
  /** A valid hash of no known password: verifying against it costs as much as a real one. */
  private dummyHash?: Promise<string>;

  constructor(private readonly config: AppConfig) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password, {
      type: argon2.argon2id,
      memoryCost: this.config.ARGON2_MEMORY_KIB,
      timeCost: this.config.ARGON2_TIME_COST,
      parallelism: 1,
    });
  }

  /**
   * Verifies a password; with no hash (unknown user) it still does the work, so response time
   * does not tell which usernames exist.
   */
  async verify(hash: string | undefined, password: string): Promise<boolean> {
    this.dummyHash ??= this.hash('no such user');
    const ok = await argon2.verify(hash ?? (await this.dummyHash), password);
    return ok && hash !== undefined;
  }
}
