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

/** How one unit's registers were handled in a period (Decree 30/2020: báo cáo tình hình xử lý văn bản). */
export interface DraftingHistory {
  versions: { number: number; editedBy: string; note: string | null; createdAt: Date }[];
  reviews: {
    reviewerId: string;
    state: 'approved' | 'returned' | 'forwarded';
    comment: string | null;
    decidedAt: Date;
    round: number;
  }[];
}

export interface HandlingCounts {
  unitId: string;
  /** Incoming documents registered in the period. */
  incoming: number;
  /** Of those, handled (annotated) by their due date, or with none. */
  handledOnTime: number;
  handledLate: number;
  /** Not handled yet: within their due date (or with none), or past it. */
  waiting: number;
  overdue: number;
  /** Received from other units of the deployment (liên thông). */
  fromUnits: number;
  /** Outgoing documents numbered in the period, and of those signed here. */
  outgoing: number;
  signedHere: number;
  /** Recipients of those: accepted (03 and later), refused (02), not yet answered (01). */
  recipientsAccepted: number;
  recipientsRefused: number;
  recipientsWaiting: number;
  recalled: number;
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

  /**
   * How a document drafted here came to be (its draft has the document's id): each saved
   * version with the drafter's note, and each reviewer's decision with their comment, in order.
   */
  async draftingOf(
    documentId: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<DraftingHistory> {
    const versions: DraftingHistory['versions'] = await em.query(
      `SELECT number, edited_by AS "editedBy", note, created_at AS "createdAt" FROM document_draft_versions
        WHERE draft_id = $1 ORDER BY number`,
      [documentId],
    );
    const reviews: DraftingHistory['reviews'] = await em.query(
      `SELECT reviewer_id AS "reviewerId", state, comment, decided_at AS "decidedAt", round FROM document_review_steps
        WHERE draft_id = $1 AND decided_at IS NOT NULL ORDER BY decided_at`,
      [documentId],
    );
    return { versions, reviews };
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

  /**
   * Per unit of `unitIds`, how its registers were handled for documents registered from `start`
   * to `end` (exclusive), judged at `now`: one statement over each unit's registers.
   */
  async handlingCounts(
    unitIds: readonly string[],
    start: Date,
    end: Date,
    now: Date,
    em: EntityManager = this.dataSource.manager,
  ): Promise<HandlingCounts[]> {
    if (unitIds.length === 0) return [];
    const rows: Record<string, string>[] = await em.query(
      `SELECT u.id AS "unitId",
              count(d.id) FILTER (WHERE d.direction = 'incoming') AS incoming,
              count(d.id) FILTER (WHERE d.direction = 'incoming' AND d.state = 'annotated'
                                    AND (d.due_date IS NULL OR d.handled_at IS NULL OR d.handled_at <= d.due_date)) AS "handledOnTime",
              count(d.id) FILTER (WHERE d.direction = 'incoming' AND d.state = 'annotated'
                                    AND d.handled_at > d.due_date) AS "handledLate",
              count(d.id) FILTER (WHERE d.direction = 'incoming' AND d.state IN ('registered', 'routed')
                                    AND (d.due_date IS NULL OR d.due_date > $4)) AS waiting,
              count(d.id) FILTER (WHERE d.direction = 'incoming' AND d.state IN ('registered', 'routed')
                                    AND d.due_date <= $4) AS overdue,
              count(d.id) FILTER (WHERE d.direction = 'incoming' AND d.source_document_id IS NOT NULL) AS "fromUnits",
              count(d.id) FILTER (WHERE d.direction = 'outgoing') AS outgoing,
              count(d.id) FILTER (WHERE d.direction = 'outgoing' AND d.signature_id IS NOT NULL) AS "signedHere",
              count(d.id) FILTER (WHERE d.state = 'recalled') AS recalled,
              coalesce(sum(r.accepted), 0) AS "recipientsAccepted",
              coalesce(sum(r.refused), 0) AS "recipientsRefused",
              coalesce(sum(r.waiting), 0) AS "recipientsWaiting"
         FROM unnest($1::uuid[]) AS u(id)
         LEFT JOIN documents d ON d.unit_id = u.id AND d.created_at >= $2 AND d.created_at < $3
         LEFT JOIN LATERAL (
           SELECT count(*) FILTER (WHERE x.status = '03') AS accepted, count(*) FILTER (WHERE x.status = '02') AS refused,
                  count(*) FILTER (WHERE x.status = '01') AS waiting
             FROM document_deliveries x WHERE x.document_id = d.id) r ON d.direction = 'outgoing'
        GROUP BY u.id`,
      [[...new Set(unitIds)], start, end, now],
    );
    return rows.map((r) => ({
      unitId: r.unitId,
      incoming: Number(r.incoming),
      handledOnTime: Number(r.handledOnTime),
      handledLate: Number(r.handledLate),
      waiting: Number(r.waiting),
      overdue: Number(r.overdue),
      fromUnits: Number(r.fromUnits),
      outgoing: Number(r.outgoing),
      signedHere: Number(r.signedHere),
      recipientsAccepted: Number(r.recipientsAccepted),
      recipientsRefused: Number(r.recipientsRefused),
      recipientsWaiting: Number(r.recipientsWaiting),
      recalled: Number(r.recalled),
    }));
  }
}
