import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { auditHash, HashedFields } from './audit-hash';

/** An entry about the subject, in full: its hash is recomputed from these fields. */
export interface AuditEntryRecord extends HashedFields {
  hash: string;
}

/** Another item's entry in between: only what links the chain (its content is not the reader's). */
export interface AuditLink {
  seq: string;
  prevHash: string;
  hash: string;
}

/**
 * The part of one unit's hash chain that proves the subject's entries: from its first entry
 * about the subject to the chain's head, each link in order. Entries about the subject are
 * given whole, the others only as links, so a reader learns nothing of other items.
 */
export interface AuditChainSegment {
  chain: string;
  links: (({ kind: 'entry' } & AuditEntryRecord) | ({ kind: 'link' } & AuditLink))[];
  head: { seq: string; hash: string };
}

export interface SegmentCheck {
  entries: number;
  links: number;
  /** What is wrong, in words; empty when every hash recomputes and every link reaches the head. */
  problems: string[];
}

/** Reads the chain segments that prove what the audit log holds about some subjects. */
@Injectable()
export class AuditSegments {
  async of(em: EntityManager, subjects: { type: string; id: string }[]): Promise<AuditChainSegment[]> {
    if (subjects.length === 0) return [];
    const starts: { chain: string; seq: string }[] = await em.query(
      `SELECT chain, min(seq)::text AS seq FROM audit_entries
        WHERE (subject_type, subject_id) IN (SELECT * FROM unnest($1::varchar[], $2::varchar[]))
        GROUP BY chain ORDER BY chain`,
      [subjects.map((s) => s.type), subjects.map((s) => s.id)],
    );
    const wanted = new Set(subjects.map((s) => `${s.type}:${s.id}`));
    const segments: AuditChainSegment[] = [];
    for (const start of starts) {
      const rows: (AuditEntryRecord & { at: Date })[] = await em.query(
        // ORDER BY e.seq, the bigint: the text alias "seq" would sort 1, 10, 100, 2 …
        `SELECT chain, seq::text AS seq, at, actor_id AS "actorId", acting_unit_id AS "actingUnitId",
                action, subject_type AS "subjectType", subject_id AS "subjectId", before, after,
                request_id AS "requestId", on_behalf_of_id AS "onBehalfOfId",
                delegation_id AS "delegationId", prev_hash AS "prevHash", hash
           FROM audit_entries e WHERE e.chain = $1 AND e.seq >= $2::bigint ORDER BY e.seq`,
        [start.chain, start.seq],
      );
      const [head]: { seq: string; hash: string }[] = await em.query(
        'SELECT seq::text AS seq, hash FROM audit_chain_heads WHERE chain = $1',
        [start.chain],
      );
      segments.push({
        chain: start.chain,
        links: rows.map((r) =>
          wanted.has(`${r.subjectType}:${r.subjectId}`)
            ? { kind: 'entry' as const, ...r }
            : { kind: 'link' as const, seq: r.seq, prevHash: r.prevHash, hash: r.hash },
        ),
        head,
      });
    }
    return segments;
  }
}

/**
 * Checks a segment offline: every entry's hash recomputes from its fields, every link names the
 * one before it (seq without gaps, prevHash = the previous hash), and the last is the head.
 * `at` may arrive as an ISO string (read back from JSON).
 */
export function checkSegment(segment: AuditChainSegment): SegmentCheck {
  const problems: string[] = [];
  let entries = 0;
  let previous: { seq: bigint; hash: string } | null = null;
  for (const link of segment.links) {
    const seq = BigInt(link.seq);
    if (previous && seq !== previous.seq + 1n)
      problems.push(`chain ${segment.chain}: seq ${link.seq} follows ${previous.seq} (an entry is missing)`);
    if (previous && link.prevHash !== previous.hash)
      problems.push(`chain ${segment.chain}: entry ${link.seq} does not link to the one before`);
    if (link.kind === 'entry') {
      entries++;
      if (auditHash({ ...link, at: new Date(link.at) }) !== link.hash)
        problems.push(`chain ${segment.chain}: entry ${link.seq} (${link.action}) was altered`);
    }
    previous = { seq, hash: link.hash };
  }
  if (!previous || previous.seq !== BigInt(segment.head.seq) || previous.hash !== segment.head.hash)
    problems.push(`chain ${segment.chain}: the segment does not reach the chain's head ${segment.head.seq}`);
  return { entries, links: segment.links.length - entries, problems };
}
