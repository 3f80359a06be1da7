import { DataSource } from 'typeorm';
import { auditHash, GENESIS_HASH, HashedFields } from './audit-hash';

export interface ChainBreak {
  chain: string;
  /** The first entry that does not verify (or the last entry's seq when the tail was cut). */
  seq: string;
  entryId: string | null;
  reason: 'hash_mismatch' | 'broken_link' | 'missing_entry' | 'tail_removed';
}

export interface VerifyReport {
  chains: number;
  entries: number;
  breaks: ChainBreak[];
}

interface Row extends HashedFields {
  id: string;
  hash: string;
}

const PAGE = 2000;

/**
 * Walks every chain in order and recomputes each link: an edited entry fails its hash, a
 * deleted one leaves a gap in `seq` or a broken link, and a cut-off tail no longer reaches the
 * chain head. Reports the first broken entry of each chain.
 */
export async function verifyAuditChains(dataSource: DataSource): Promise<VerifyReport> {
  const heads: { chain: string; seq: string; hash: string }[] = await dataSource.query(
    'SELECT chain, seq::text AS seq, hash FROM audit_chain_heads ORDER BY chain',
  );
  const report: VerifyReport = { chains: heads.length, entries: 0, breaks: [] };
  for (const head of heads) {
    let expectedSeq = 1n;
    let prevHash = GENESIS_HASH;
    let broken: ChainBreak | null = null;
    for (;;) {
      const rows: Row[] = await dataSource.query(
        // ORDER BY e.seq, the bigint: the text alias "seq" would sort 1, 10, 100, 2 …
        `SELECT id::text AS id, chain, seq::text AS seq, at, actor_id AS "actorId", acting_unit_id AS "actingUnitId",
                action, subject_type AS "subjectType", subject_id AS "subjectId", before, after,
                request_id AS "requestId", on_behalf_of_id AS "onBehalfOfId",
                delegation_id AS "delegationId", prev_hash AS "prevHash", hash
           FROM audit_entries e WHERE e.chain = $1 AND e.seq >= $2 AND e.seq <= $3 ORDER BY e.seq LIMIT ${PAGE}`,
        // Up to the head read above: what is appended meanwhile (views flushing, say) is the next check's.
        [head.chain, expectedSeq.toString(), head.seq],
      );
      for (const row of rows) {
        report.entries++;
        if (BigInt(row.seq) !== expectedSeq) {
          broken = { chain: head.chain, seq: expectedSeq.toString(), entryId: null, reason: 'missing_entry' };
        } else if (row.prevHash !== prevHash) {
          broken = { chain: head.chain, seq: row.seq, entryId: row.id, reason: 'broken_link' };
        } else if (auditHash(row) !== row.hash) {
          broken = { chain: head.chain, seq: row.seq, entryId: row.id, reason: 'hash_mismatch' };
        }
        if (broken) break;
        prevHash = row.hash;
        expectedSeq++;
      }
      if (broken || rows.length < PAGE) break;
    }
    if (!broken && (BigInt(head.seq) !== expectedSeq - 1n || head.hash !== prevHash)) {
      broken = {
        chain: head.chain,
        seq: (expectedSeq - 1n).toString(),
        entryId: null,
        reason: 'tail_removed',
      };
    }
    if (broken) report.breaks.push(broken);
  }
  return report;
}
