import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { StatementPart } from '@lt/database';
import { DataSource, EntityManager } from 'typeorm';

/** The table this library owns: one row per (actor, command, key), with what the first request returned. */
export const IDEMPOTENCY_TABLE = 'command_idempotency_keys';

export type Claim =
  | { kind: 'claimed'; actorId: string | null; command: string; key: string }
  | { kind: 'replay'; response: unknown }
  | { kind: 'other_request' };

/**
 * Idempotency-Keys for every command, with one fingerprint rule: the SHA-256 of the request's
 * RFC 8785 canonical JSON. The key's row is inserted in the command's transaction, so a
 * retry racing the first request waits on that row for its commit (then replays what it
 * stored) or its rollback (then runs itself); the answer is stored in the same transaction
 * as the change, so a key never names a change that did not happen.
 */
@Injectable()
export class IdempotencyKeys {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async claim(
    em: EntityManager,
    input: { actorId: string | null; command: string; key: string; request: unknown },
  ): Promise<Claim> {
    const fingerprint = fingerprintOf(input.request);
    const inserted: unknown[] = await em.query(
      `INSERT INTO ${IDEMPOTENCY_TABLE} (actor_id, command, key, fingerprint)
       VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1`,
      [input.actorId ?? NO_ACTOR, input.command, input.key, fingerprint],
    );
    if (inserted.length === 1) return { kind: 'claimed', ...input };
    const [earlier]: { fingerprint: string; response: unknown }[] = await em.query(
      `SELECT fingerprint, response FROM ${IDEMPOTENCY_TABLE} WHERE actor_id = $1 AND command = $2 AND key = $3`,
      [input.actorId ?? NO_ACTOR, input.command, input.key],
    );
    if (earlier.fingerprint !== fingerprint) return { kind: 'other_request' };
    return { kind: 'replay', response: earlier.response };
  }

  /** What a claimed key answers from now on, as a part the runner sends with the change's audit and events. */
  answer(claim: Extract<Claim, { kind: 'claimed' }>, response: unknown): StatementPart {
    return {
      sql: `UPDATE ${IDEMPOTENCY_TABLE} SET response = $4 WHERE actor_id = $1 AND command = $2 AND key = $3`,
      params: [claim.actorId ?? NO_ACTOR, claim.command, claim.key, JSON.stringify(response ?? null)],
    };
  }

  /** Keys older than `before` are forgotten (the worker, daily): a retry comes within minutes, not days. */
  async prune(before: Date): Promise<number> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM ${IDEMPOTENCY_TABLE} WHERE created_at < $1`,
      [before],
    );
    return count;
  }
}

/** The system acts without a person (imports, the worker): its keys share this id. */
const NO_ACTOR = '00000000-0000-0000-0000-000000000000';

function fingerprintOf(request: unknown): string {
  const text = canonicalize(JSON.parse(JSON.stringify(request ?? null)) as unknown);
  return createHash('sha256')
    .update(text ?? 'null')
    .digest('hex');
}
