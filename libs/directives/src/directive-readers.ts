import { Injectable } from '@nestjs/common';
import { keyedById } from '@lt/database';
import { InjectDataSource } from '@nestjs/typeorm';
import { Reader, ledUnitIds, ReadingRule } from '@lt/access';
import type { SearchMatch } from '@lt/common';
import { OrgTreeService } from '@lt/org';
import { DataSource, EntityManager } from 'typeorm';

/** What a chat message that announced a directive shows of it. */
export interface AnnouncementFacts {
  id: string;
  notation: string;
  ackRequired: boolean;
  ackDueAt: Date | null;
}

/**
 * Who may read a directive, answered with data: its recipients, and the leaders of its issuing
 * unit or a unit above it (as DirectiveFollowUp.get: a signer moved elsewhere no longer reads
 * it). Readers come with their positions (PeopleService.enabledWithPositions).
 */
@Injectable()
export class DirectiveReaders extends ReadingRule {
  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly tree: OrgTreeService,
  ) {
    super(dataSource);
  }

  /** Those of `readers` who may read directive `directiveId` (none if there is no such directive). */
  protected async selectReaders(
    directiveId: string,
    readers: readonly Reader[],
    em: EntityManager,
  ): Promise<string[]> {
    const [directive]: { issuingUnitId: string; recipients: string[] }[] = await em.query(
      `SELECT d.issuing_unit_id AS "issuingUnitId",
              ARRAY(SELECT r.user_id FROM directive_recipients r
                     WHERE r.directive_id = d.id AND r.user_id = ANY($2::uuid[])) AS recipients
         FROM directives d WHERE d.id = $1`,
      [directiveId, readers.map((r) => r.userId)],
    );
    if (!directive) return [];
    const open = readers.filter((r) => !directive.recipients.includes(r.userId) && ledUnitIds(r).length > 0);
    const above = new Set(
      (
        await this.tree.ancestryPairs([...new Set(open.flatMap(ledUnitIds))], [directive.issuingUnitId], em)
      ).map((p) => p.ancestorId),
    );
    return readers
      .filter((r) => directive.recipients.includes(r.userId) || ledUnitIds(r).some((l) => above.has(l)))
      .map((r) => r.userId);
  }

  /** Those of `directiveIds` that `reader` may read. */
  protected async selectReadable(
    reader: Reader,
    directiveIds: readonly string[],
    em: EntityManager,
  ): Promise<string[]> {
    const rows: { id: string; issuingUnitId: string; received: boolean }[] = await em.query(
      `SELECT d.id, d.issuing_unit_id AS "issuingUnitId",
              EXISTS (SELECT 1 FROM directive_recipients r WHERE r.directive_id = d.id AND r.user_id = $2) AS received
         FROM directives d WHERE d.id = ANY($1::uuid[])`,
      [directiveIds, reader.userId],
    );
    const followed = new Set(
      (
        await this.tree.ancestryPairs(
          ledUnitIds(reader),
          rows.filter((r) => !r.received).map((r) => r.issuingUnitId),
          em,
        )
      ).map((p) => p.unitId),
    );
    const readable = new Set(
      rows.filter((r) => r.received || followed.has(r.issuingUnitId)).map((r) => r.id),
    );
    return directiveIds.filter((id) => readable.has(id));
  }

  /** Who signed the directive (none if there is no such directive). */
  async signerOf(directiveId: string, em: EntityManager = this.dataSource.manager): Promise<string | null> {
    const [row]: { signerId: string }[] = await em.query(
      'SELECT signer_id AS "signerId" FROM directives WHERE id = $1',
      [directiveId],
    );
    return row?.signerId ?? null;
  }

  /** How a list names each of `directiveIds` that exists: "notation: subject", keyed by id. */
  titlesOf(directiveIds: readonly string[], em: EntityManager = this.dataSource.manager) {
    return keyedById(
      em,
      `SELECT id, notation || ': ' || subject AS title FROM directives WHERE id = ANY($1::uuid[])`,
      directiveIds,
      (r: { id: string; title: string }) => r.title,
    );
  }

  /** Notation and acknowledgement terms of each of `directiveIds` that exists, by id. */
  announcementsOf(directiveIds: readonly string[], em: EntityManager = this.dataSource.manager) {
    return keyedById<AnnouncementFacts>(
      em,
      `SELECT id, notation, ack_required AS "ackRequired", ack_due_at AS "ackDueAt"
         FROM directives WHERE id = ANY($1::uuid[])`,
      directiveIds,
    );
  }

  /**
   * The directives `reader` may read whose notation, subject or body matches `text` (folded by
   * `lt_fold`, as the GIN index directives_search_idx of migration SearchIndexes), newest first.
   */
  async search(
    reader: Reader,
    text: string,
    limit: number,
    em: EntityManager = this.dataSource.manager,
  ): Promise<SearchMatch[]> {
    const reach = await this.tree.subtreeIds(ledUnitIds(reader), em);
    return em.query(
      `SELECT d.id, d.notation || ': ' || d.subject AS title, d.body AS text, d.issued_at AS at FROM directives d
        WHERE to_tsvector('simple', lt_fold(d.notation || ' ' || d.subject || ' ' || d.body))
              @@ websearch_to_tsquery('simple', lt_fold($3))
          AND (d.issuing_unit_id = ANY($2::uuid[])
               OR EXISTS (SELECT 1 FROM directive_recipients r WHERE r.directive_id = d.id AND r.user_id = $1))
        ORDER BY d.issued_at DESC LIMIT $4`,
      [reader.userId, reach, text, limit],
    );
  }

  /** Whether a directive ever reached someone in `unitId` (receipts keep the unit without a foreign key). */
  async anyReceivedIn(unitId: string, em: EntityManager = this.dataSource.manager): Promise<boolean> {
    const [{ received }]: { received: boolean }[] = await em.query(
      'SELECT EXISTS (SELECT 1 FROM directive_recipients WHERE unit_id = $1) AS received',
      [unitId],
    );
    return received;
  }
}
