import { Injectable } from '@nestjs/common';
import type { Actor } from '@lt/access';
import { EntityManager } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity';
import { auditHash, GENESIS_HASH } from './audit-hash';

export const SYSTEM_CHAIN = 'system';

export interface AuditInput {
  /** Who acted; null for the system (seeding, imports from the command line). */
  actor: Actor | null;
  /** The unit the actor acted for; it also names the chain. */
  actingUnitId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/**
 * Appends audit entries. It takes the caller's EntityManager on purpose: the entry commits
 * or rolls back with the change it records.
 */
@Injectable()
export class AuditLog {
  async record(em: EntityManager, input: AuditInput): Promise<AuditEntryEntity> {
    if (!em.queryRunner?.isTransactionActive) {
      throw new Error('AuditLog.record must run inside the transaction of the change it records');
    }
    const chain = input.actingUnitId ?? SYSTEM_CHAIN;
    // Take the next sequence number and the previous hash; the row lock serialises appends
    // to this chain until the transaction ends.
    const [head]: { seq: string; hash: string }[] = await em.query(
      `INSERT INTO audit_chain_heads (chain, seq, hash) VALUES ($1, 1, $2)
       ON CONFLICT (chain) DO UPDATE SET seq = audit_chain_heads.seq + 1
       RETURNING seq::text AS seq, hash`,
      [chain, GENESIS_HASH],
    );
    // Millisecond precision, so the hashed time equals what PostgreSQL stores and returns.
    const fields = {
      chain,
      seq: head.seq,
      at: new Date(),
      actorId: input.actor?.principal.userId ?? null,
      actingUnitId: input.actingUnitId,
      action: input.action,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      before: toJson(input.before),
      after: toJson(input.after),
      requestId: input.actor?.requestId ?? null,
      prevHash: head.hash,
    };
    const hash = auditHash(fields);
    const entry = await em.save(AuditEntryEntity, em.create(AuditEntryEntity, { ...fields, hash }));
    await em.query('UPDATE audit_chain_heads SET hash = $2 WHERE chain = $1', [chain, hash]);
    return entry;
  }
}

/** Plain JSON (dates as ISO strings), exactly what jsonb gives back when the chain is verified. */
function toJson(value: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  return value == null ? null : (JSON.parse(JSON.stringify(value)) as Record<string, unknown>);
}
