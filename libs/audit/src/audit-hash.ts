import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export const GENESIS_HASH = '0'.repeat(64);

export interface HashedFields {
  chain: string;
  seq: string;
  at: Date;
  actorId: string | null;
  actingUnitId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
  /** Acting thừa ủy quyền: whose authority, by which delegation (both null otherwise). */
  onBehalfOfId?: string | null;
  delegationId?: string | null;
  prevHash: string;
}

/**
 * sha256 over the RFC 8785 canonical JSON of the entry: key order and number formatting are
 * fixed, so the hash survives the jsonb round trip (which reorders keys).
 */
export function auditHash(entry: HashedFields): string {
  const canonical = canonicalize({
    chain: entry.chain,
    seq: String(entry.seq),
    at: entry.at.toISOString(),
    actorId: entry.actorId,
    actingUnitId: entry.actingUnitId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    before: entry.before,
    after: entry.after,
    requestId: entry.requestId,
    // Only when set: the entries written before delegation existed keep their hashes.
    ...(entry.onBehalfOfId
      ? { onBehalfOfId: entry.onBehalfOfId, delegationId: entry.delegationId ?? null }
      : {}),
    prevHash: entry.prevHash,
  });
  return createHash('sha256')
    .update(canonical ?? '', 'utf8')
    .digest('hex');
}
