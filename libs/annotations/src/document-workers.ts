import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Principal, type Reader, ReadingRule } from '@lt/access';
import {
  DocumentOutcomeRule,
  DocumentOutcomes,
  DocumentReaderRule,
  DocumentReaderRules,
} from '@lt/documents';
import { TaskReaders, TaskReads } from '@lt/tasks';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Who works from a document: whoever holds a role in a task assigned from an annotation on
 * it. They may read the document (the other half of its reading rule is DocumentReaders',
 * by its unit); this library answers as it knows which annotations are on which document.
 * It adds itself to documents' reader rules at start, for DocumentsService.requireReadable:
 * documents cannot import annotations, which imports documents (DocumentReaderRules says why).
 */
@Injectable()
export class DocumentWorkers
  extends ReadingRule
  implements DocumentReaderRule, DocumentOutcomeRule, OnModuleInit
{
  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly tasks: TaskReaders,
    private readonly documentRules: DocumentReaderRules,
    private readonly outcomes: DocumentOutcomes,
    private readonly taskReads: TaskReads,
  ) {
    super(dataSource);
  }

  onModuleInit(): void {
    this.documentRules.add(this);
    this.outcomes.set(this);
  }

  /**
   * Of `documentIds`, those whose handling is finished (edXML 06): every task assigned from
   * their annotations that still counts (not cancelled or returned) is completed, and there is one.
   */
  async handled(documentIds: readonly string[], em: EntityManager): Promise<Set<string>> {
    const annotations = await this.annotationsOn(documentIds, em);
    const tasks = await this.taskReads.fromSources(
      'annotation',
      annotations.map((a) => a.id),
      em,
    );
    const done = new Set<string>();
    for (const documentId of documentIds) {
      const mine = new Set(annotations.filter((a) => a.documentId === documentId).map((a) => a.id));
      const counted = tasks.filter(
        (t) => mine.has(t.sourceId) && !['cancelled', 'returned'].includes(t.state),
      );
      if (counted.length > 0 && counted.every((t) => t.state === 'completed')) done.add(documentId);
    }
    return done;
  }

  /** Whether `principal` works from document `documentId` (DocumentReaderRule). */
  async reads(principal: Principal, documentId: string, em: EntityManager): Promise<boolean> {
    return (await this.readableBy(principal, [documentId], em)).length > 0;
  }

  /** Those of `readers` who work from document `documentId`. */
  protected async selectReaders(
    documentId: string,
    readers: readonly Reader[],
    em: EntityManager,
  ): Promise<string[]> {
    const annotations = await this.annotationsOn([documentId], em);
    const holders = await this.tasks.roleHoldersBySource(
      'annotation',
      annotations.map((a) => a.id),
      readers,
      em,
    );
    return [...new Set(holders.map((h) => h.userId))];
  }

  /** Those of `documentIds` that `reader` works from. */
  protected async selectReadable(
    reader: Reader,
    documentIds: readonly string[],
    em: EntityManager,
  ): Promise<string[]> {
    const annotations = await this.annotationsOn(documentIds, em);
    const held = new Set(
      (
        await this.tasks.roleHoldersBySource(
          'annotation',
          annotations.map((a) => a.id),
          [reader],
          em,
        )
      ).map((h) => h.sourceId),
    );
    const worked = new Set(annotations.filter((a) => held.has(a.id)).map((a) => a.documentId));
    return documentIds.filter((id) => worked.has(id));
  }

  /** Every document `reader` works from. */
  async documentsOf(reader: Reader, em: EntityManager = this.dataSource.manager): Promise<string[]> {
    const annotationIds = await this.tasks.sourcesWithRole('annotation', reader, em);
    if (annotationIds.length === 0) return [];
    const rows: { documentId: string }[] = await em.query(
      `SELECT DISTINCT document_id AS "documentId" FROM annotations
        WHERE id = ANY($1::uuid[]) AND document_id IS NOT NULL`,
      [annotationIds],
    );
    return rows.map((r) => r.documentId);
  }

  private annotationsOn(
    documentIds: readonly string[],
    em: EntityManager,
  ): Promise<{ id: string; documentId: string }[]> {
    return em.query(
      'SELECT id, document_id AS "documentId" FROM annotations WHERE document_id = ANY($1::uuid[])',
      [documentIds],
    );
  }
}
