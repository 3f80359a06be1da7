import { Injectable } from '@nestjs/common';
import { keyedById } from '@lt/database';
import { InjectDataSource } from '@nestjs/typeorm';
import { grantedUnits, Reader, ReadingRule } from '@lt/access';
import type { SearchMatch } from '@lt/common';
import { FilesService } from '@lt/files';
import { OrgTreeService } from '@lt/org';
import { DataSource, EntityManager } from 'typeorm';
import { DOCUMENT_SEARCH_TEXT } from './document-search';

/** The owner type documents' files are stored under (DOCUMENT_FILES of documents.service). */
const DOCUMENT_FILES_OWNER = 'document';

/**
 * Who may read a document by its unit, answered with data: whoever holds `document.read` over
 * its unit (its clerks; the leaders of that unit or a unit above it), as
 * DocumentsService.requireReadable asks AccessService. Whoever holds
 * a role in a task assigned from an annotation on it reads it too: the annotations library
 * answers that part (DocumentWorkers), as it knows the annotations.
 */
@Injectable()
export class DocumentReaders extends ReadingRule {
  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly tree: OrgTreeService,
    private readonly files: FilesService,
  ) {
    super(dataSource);
  }

  /** Those of `readers` who may read document `documentId` by its unit. */
  protected async selectReaders(
    documentId: string,
    readers: readonly Reader[],
    em: EntityManager,
  ): Promise<string[]> {
    const [doc]: { unitId: string }[] = await em.query(
      'SELECT unit_id AS "unitId" FROM documents WHERE id = $1',
      [documentId],
    );
    if (!doc) return [];
    const granted = new Map(readers.map((r) => [r.userId, grantedUnits(r, 'document.read')]));
    const above = new Set(
      (
        await this.tree.ancestryPairs(
          [...new Set([...granted.values()].flatMap((g) => g.subtree))],
          [doc.unitId],
          em,
        )
      ).map((p) => p.ancestorId),
    );
    return readers
      .filter(({ userId }) => {
        const { unit, subtree } = granted.get(userId)!;
        return unit.includes(doc.unitId) || subtree.some((s) => above.has(s));
      })
      .map((r) => r.userId);
  }

  /** Those of `documentIds` that `reader` may read by their unit. */
  protected async selectReadable(
    reader: Reader,
    documentIds: readonly string[],
    em: EntityManager,
  ): Promise<string[]> {
    const rows: { id: string; unitId: string }[] = await em.query(
      'SELECT id, unit_id AS "unitId" FROM documents WHERE id = ANY($1::uuid[])',
      [documentIds],
    );
    const { unit, subtree } = grantedUnits(reader, 'document.read');
    const under = new Set(
      (
        await this.tree.ancestryPairs(
          subtree,
          rows.filter((r) => !unit.includes(r.unitId)).map((r) => r.unitId),
          em,
        )
      ).map((p) => p.unitId),
    );
    const readable = new Set(
      rows.filter((r) => unit.includes(r.unitId) || under.has(r.unitId)).map((r) => r.id),
    );
    return documentIds.filter((id) => readable.has(id));
  }

  /** The leader the document was routed to, if any. */
  async routedTo(documentId: string, em: EntityManager = this.dataSource.manager): Promise<string | null> {
    const [row]: { routedTo: string | null }[] = await em.query(
      'SELECT routed_to AS "routedTo" FROM documents WHERE id = $1',
      [documentId],
    );
    return row?.routedTo ?? null;
  }

  /** How a list names each of `documentIds` that exists: "number/symbol: subject", keyed by id. */
  titlesOf(documentIds: readonly string[], em: EntityManager = this.dataSource.manager) {
    return keyedById(
      em,
      `SELECT id, code_number || '/' || code_notation || ': ' || subject AS title FROM documents
        WHERE id = ANY($1::uuid[])`,
      documentIds,
      (r: { id: string; title: string }) => r.title,
    );
  }

  /**
   * The documents `reader` may read by their unit, or among `alsoIds` (read by another rule),
   * whose metadata or text (DOCUMENT_SEARCH_TEXT) matches `text` (folded by `lt_fold`, as the GIN
   * index documents_search_idx of migration SearchIndexes), newest first.
   */
  async search(
    reader: Reader,
    text: string,
    limit: number,
    alsoIds: readonly string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<SearchMatch[]> {
    const { unit, subtree } = grantedUnits(reader, 'document.read');
    const reach = await this.tree.subtreeIds(subtree, em);
    // The text of their files too (extracted at upload): an incoming entry shows its sender's.
    const byFiles = await this.files.ownersWithText(DOCUMENT_FILES_OWNER, text, 500, em);
    return em.query(
      `SELECT d.id, d.code_number || '/' || d.code_notation || ': ' || d.subject AS title,
              d.organ_name || ' — ' || d.subject AS text, d.created_at AS at FROM documents d
        WHERE (to_tsvector('simple', ${DOCUMENT_SEARCH_TEXT}) @@ websearch_to_tsquery('simple', lt_fold($4))
               OR d.id = ANY($7::uuid[]) OR d.source_document_id = ANY($7::uuid[]))
          AND (d.unit_id = ANY($1::uuid[]) OR d.unit_id = ANY($2::uuid[]) OR d.id = ANY($3::uuid[]))
          -- A secret document is found only by the people named on it.
          AND (d.secrecy = 'normal'
               OR EXISTS (SELECT 1 FROM document_drafts x WHERE x.id = d.id AND $6::uuid IN (x.drafter_id, x.signer_id))
               OR EXISTS (SELECT 1 FROM document_review_steps s WHERE s.draft_id = d.id AND s.reviewer_id = $6::uuid))
        ORDER BY d.created_at DESC LIMIT $5`,
      [unit, reach, alsoIds, text, limit, reader.userId, byFiles],
    );
  }
}
