import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Principal } from '@lt/access';
import { DocumentReaderRule, DocumentReaderRules } from '@lt/documents';
import { TaskReads } from '@lt/tasks';
import { EntityManager } from 'typeorm';

/**
 * Whoever holds a role in a task assigned from an annotation on a document reads the document
 * (they work from it). Added to documents' reader rules at start: documents cannot import
 * annotations, which imports documents (DocumentReaderRules says why).
 */
@Injectable()
export class AnnotatedDocumentReaders implements DocumentReaderRule, OnModuleInit {
  constructor(
    private readonly rules: DocumentReaderRules,
    private readonly tasks: TaskReads,
  ) {}

  onModuleInit(): void {
    this.rules.add(this);
  }

  async reads(principal: Principal, documentId: string, em: EntityManager): Promise<boolean> {
    const rows: { taskIds: string[] }[] = await em.query(
      'SELECT task_ids AS "taskIds" FROM annotations WHERE document_id = $1',
      [documentId],
    );
    const roles = await this.tasks.rolesAmong(
      principal,
      rows.flatMap((r) => r.taskIds),
      em,
    );
    return [...roles.values()].some((held) => held.size > 0);
  }
}
