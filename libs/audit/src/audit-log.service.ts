import { Injectable } from '@nestjs/common';
import type { Actor } from '@lt/access';
import { sendTogether, StatementPart } from '@lt/database';
import { EntityManager } from 'typeorm';
import { auditHash, GENESIS_HASH, HashedFields } from './audit-hash';

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
  async record(em: EntityManager, input: AuditInput): Promise<void> {
    await this.recordMany(em, [input]);
  }

  /**
   * Appends many entries in two statements whatever their number (receipts arrive in
   * thousands per second). Chains are locked in sorted order, so two batches touching the
   * same chains never deadlock; entries keep their input order within a chain.
   */
  async recordMany(em: EntityManager, inputs: AuditInput[]): Promise<void> {
    await sendTogether(em, await this.prepare(em, inputs));
  }

  /**
   * Reserves the entries' places in their chains (one statement: it must be answered before
   * the entries can be hashed) and returns the rest of the append — the entries and the
   * chains' new last hashes — as parts the command runner sends with the change's outbox
   * rows, in one round trip.
   */
  async prepare(em: EntityManager, inputs: AuditInput[]): Promise<StatementPart[]> {
    if (!em.queryRunner?.isTransactionActive) {
      throw new Error('AuditLog.record must run inside the transaction of the change it records');
    }
    if (inputs.length === 0) return [];
    const byChain = new Map<string, AuditInput[]>();
    for (const input of inputs) {
      const chain = input.actingUnitId ?? SYSTEM_CHAIN;
      byChain.set(chain, [...(byChain.get(chain) ?? []), input]);
    }
    const chains = [...byChain.keys()].sort();
    // Reserve `count` sequence numbers per chain and read the previous hash; the row locks
    // serialise appends to these chains until the transaction ends.
    const heads: { chain: string; seq: string; hash: string }[] = await em.query(
      `INSERT INTO audit_chain_heads (chain, seq, hash)
       SELECT c.chain, c.count, $3 FROM unnest($1::varchar[], $2::bigint[]) AS c(chain, count)
       ON CONFLICT (chain) DO UPDATE SET seq = audit_chain_heads.seq + excluded.seq
       RETURNING chain, seq::text AS seq, hash`,
      [chains, chains.map((c) => byChain.get(c)!.length), GENESIS_HASH],
    );
    // Millisecond precision, so the hashed time equals what PostgreSQL stores and returns.
    const at = new Date();
    const rows: (HashedFields & { hash: string })[] = [];
    const lastHash = new Map<string, string>();
    for (const head of heads) {
      const entries = byChain.get(head.chain)!;
      // A new chain's row was inserted with seq = count, an existing one advanced by count:
      // either way this batch owns the last `count` numbers.
      let prevHash = head.hash;
      let seq = BigInt(head.seq) - BigInt(entries.length);
      for (const input of entries) {
        seq += 1n;
        const fields: HashedFields = {
          chain: head.chain,
          seq: seq.toString(),
          at,
          actorId: input.actor?.principal.userId ?? null,
          actingUnitId: input.actingUnitId,
          action: input.action,
          subjectType: input.subjectType,
          subjectId: input.subjectId,
          before: toJson(input.before),
          after: toJson(input.after),
          requestId: input.actor?.requestId ?? null,
          onBehalfOfId: input.actor?.onBehalfOf?.delegatorId ?? null,
          delegationId: input.actor?.onBehalfOf?.delegationId ?? null,
          prevHash,
        };
        prevHash = auditHash(fields);
        rows.push({ ...fields, hash: prevHash });
      }
      lastHash.set(head.chain, prevHash);
    }
    // One part for the whole batch (an ORM save would cost per entity), one for the chains'
    // new last hashes.
    return [
      {
        sql: `INSERT INTO audit_entries (chain, seq, at, actor_id, acting_unit_id, action, subject_type, subject_id,
                                    before, after, request_id, on_behalf_of_id, delegation_id, prev_hash, hash)
         SELECT chain, seq, at, "actorId", "actingUnitId", action, "subjectType", "subjectId",
                before, after, "requestId", "onBehalfOfId", "delegationId", "prevHash", hash
           FROM jsonb_to_recordset($1::jsonb) AS e(chain varchar, seq bigint, at timestamptz, "actorId" uuid,
                "actingUnitId" uuid, action varchar, "subjectType" varchar, "subjectId" varchar, before jsonb,
                after jsonb, "requestId" varchar, "onBehalfOfId" uuid, "delegationId" uuid, "prevHash" char(64),
                hash char(64))`,
        params: [JSON.stringify(rows)],
      },
      {
        sql: `UPDATE audit_chain_heads h SET hash = v.hash
         FROM unnest($1::varchar[], $2::char(64)[]) AS v(chain, hash) WHERE h.chain = v.chain`,
        params: [[...lastHash.keys()], [...lastHash.values()]],
      },
    ];
  }
}

/** Plain JSON (dates as ISO strings), exactly what jsonb gives back when the chain is verified. */
function toJson(value: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  return value == null ? null : (JSON.parse(JSON.stringify(value)) as Record<string, unknown>);
}
