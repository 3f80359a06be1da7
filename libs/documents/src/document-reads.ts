import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { DocumentEntity, DocumentRoutingEntity } from './document.entity';

/** An outgoing document answering tasks, as a handling trail tells it. */
export interface AnsweringDocument {
  id: string;
  createdAt: Date;
  registeredBy: string;
  codeNumber: string;
  codeNotation: string;
  subject: string;
  recipients: string | null;
}

/**
 * Named reads of documents for the libraries built on them (annotations): data over the
 * documents library's own tables, a whole list at once. Who may read a document stays
 * DocumentsService.requireReadable.
 */
@Injectable()
export class DocumentReads {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The documents `ids` (those that exist), keyed by id. */
  async documentsOf(
    ids: readonly string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, DocumentEntity>> {
    if (ids.length === 0) return new Map();
    const docs = await em.find(DocumentEntity, { where: { id: In([...new Set(ids)]) } });
    return new Map(docs.map((d) => [d.id, d]));
  }

  /** The unit whose register holds each of `ids`, keyed by document id. */
  async unitsOf(
    ids: readonly string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, string>> {
    const docs = await this.documentsOf(ids, em);
    return new Map([...docs.values()].map((d) => [d.id, d.unitId]));
  }

  /** Every distribution of the document to a leader. */
  async routingsOf(
    documentId: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<DocumentRoutingEntity[]> {
    return em.find(DocumentRoutingEntity, { where: { documentId } });
  }

  /** The outgoing documents registered as answering one of `taskIds`. */
  async answering(
    taskIds: readonly string[],
    em: EntityManager = this.dataSource.manager,
  ): Promise<AnsweringDocument[]> {
    if (taskIds.length === 0) return [];
    return em.query(
      `SELECT d.id, d.created_at AS "createdAt", d.registered_by AS "registeredBy", d.code_number AS "codeNumber",
              d.code_notation AS "codeNotation", d.subject, d.recipients
         FROM documents d
        WHERE d.id IN (SELECT document_id FROM document_task_refs WHERE task_id = ANY($1::uuid[]))`,
      [[...new Set(taskIds)]],
    );
  }
}
